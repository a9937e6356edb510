import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';

export interface PetitionWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: ActivityDependencies;
  /** A bundle built ahead of time (production image); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** Worker interceptors (the activity failure counter of services/observability/metrics.ts). */
  interceptors?: WorkerOptions['interceptors'];
}

export async function createPetitionWorker(options: PetitionWorkerOptions): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.dependencies),
    interceptors: options.interceptors,
    ...workflowSource,
  });
}
