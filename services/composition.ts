/**
 * The pieces every process is assembled from, so `npm start` (services/system.ts), the split API (services/api.ts)
 * and the split worker (services/worker.ts) cannot drift apart: the same registration context, link service,
 * activity dependencies and HTTP app wherever they run.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type express from 'express';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import { systemClock, type ActivityDependencies } from '../activities';
import type { Mailer } from '../activities/mail/mailer';
import { createApp } from './api/app';
import { loadSecuritySettings } from './api/security';
import type { Settings } from './config';
import { setUpStaffSite } from './console/staff-setup';
import type { HospitalConfig } from './hospital-config';
import { createLinkService, type LinkService } from './links/link-service';
import { loadLinkSettings } from './links/link-settings';
import type { PetitionMetrics } from './observability/metrics';
import { createPetitionWorker } from './petition-worker';
import { calendarPinner } from './petitions/calendar-pin';
import { startPendingWorkflows, type RegistrationContext } from './petitions/registration';
import { listPolicyIds } from './policies';

export function linkServiceFor(prisma: PrismaClient, settings: Settings, env: NodeJS.ProcessEnv): LinkService {
  return createLinkService({ prisma, clock: systemClock, settings: loadLinkSettings(env, settings.DATA_DIR, settings.publicBaseUrl) });
}

export function registrationContextFor(prisma: PrismaClient, temporal: Client, settings: Settings, hospital: HospitalConfig): RegistrationContext {
  return {
    prisma,
    temporal,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    defaultPolicy: hospital.defaultPolicy,
    knownPolicies: new Set(listPolicyIds()),
    calendarSnapshot: calendarPinner(hospital.closures, path.join(path.dirname(settings.HOSPITAL_CONFIG), 'calendar')),
  };
}

export interface WorkerParts {
  address: string;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  hospital: HospitalConfig;
  prisma: PrismaClient;
  mailer: Mailer;
  links: LinkService;
  metrics: PetitionMetrics;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker stops (shutdown or failure). */
  running: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(parts: WorkerParts): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: parts.address });
  const dependencies: ActivityDependencies = {
    prisma: parts.prisma,
    mailer: parts.mailer,
    clock: systemClock,
    settings: { hospitalName: parts.hospital.hospitalName, publicBaseUrl: parts.settings.publicBaseUrl },
    links: parts.links,
  };
  const worker = await createPetitionWorker({
    connection,
    namespace: parts.settings.TEMPORAL_NAMESPACE,
    taskQueue: parts.settings.TEMPORAL_TASK_QUEUE,
    workflowBundlePath: parts.env.WORKFLOW_BUNDLE_PATH,
    interceptors: { activity: [parts.metrics.activityInterceptor] },
    dependencies,
  });
  const running = worker.run();
  return {
    worker,
    running,
    stop: async () => {
      // The SDK's Runtime also reacts to SIGTERM and may already be draining the worker.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}

export interface HttpAppParts {
  settings: Settings;
  env: NodeJS.ProcessEnv;
  hospital: HospitalConfig;
  prisma: PrismaClient;
  temporal: Client;
  log: Logger;
  links: LinkService;
  metrics: PetitionMetrics;
  temporalUiUrl?: string;
  mounts?: Array<{ path: string; router: express.Router }>;
}

/** Starts the workflows of petitions stored before a crash, prepares sign-in and the daily report, builds the app. */
export async function buildHttpApp(parts: HttpAppParts): Promise<express.Express> {
  const registration = registrationContextFor(parts.prisma, parts.temporal, parts.settings, parts.hospital);
  const restarted = await startPendingWorkflows(registration);
  if (restarted > 0) parts.log.warn({ restarted }, 'started workflows of petitions registered before a crash');
  const staffSite = await setUpStaffSite({
    prisma: parts.prisma,
    temporal: parts.temporal,
    taskQueue: parts.settings.TEMPORAL_TASK_QUEUE,
    namespace: parts.settings.TEMPORAL_NAMESPACE,
    hospitalName: parts.hospital.hospitalName,
    publicBaseUrl: parts.settings.publicBaseUrl,
    temporalUiUrl: parts.temporalUiUrl,
    env: parts.env,
    log: parts.log,
  });
  return createApp({
    ...registration,
    log: parts.log,
    metrics: parts.metrics.registry,
    security: loadSecuritySettings(parts.env),
    staffSite,
    links: { links: parts.links, hospitalName: parts.hospital.hospitalName, clock: systemClock },
    mounts: parts.mounts ?? [],
  });
}

