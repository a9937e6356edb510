import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from 'pino';
import { temporalLoggerOn } from './logging';

export interface TemporalRuntimeOptions {
  /** host:port for the SDK's own Prometheus exporter (worker slots, task latencies, polls); unset = none. */
  metricsBindAddress?: string;
}

/**
 * Routes the SDK's logs (worker, workflow and activity loggers, and Core's) to pino and, when asked, serves the
 * SDK's worker metrics. The Runtime is per process and can be installed once: later calls (a second system in the
 * same test process) keep the first and return false.
 */
export function installTemporalRuntime(log: Logger, options: TemporalRuntimeOptions = {}): boolean {
  try {
    Runtime.install({
      logger: temporalLoggerOn(log),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
        ...(options.metricsBindAddress && { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } }),
      },
    });
    return true;
  } catch (error) {
    if (/already (been )?(installed|instantiated)/i.test(String((error as Error).message))) return false;
    throw error;
  }
}
