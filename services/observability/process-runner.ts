import type { Logger } from 'pino';

/**
 * Runs a long-lived process: stop steps are undone in reverse on SIGINT/SIGTERM, and a start failure undoes what was
 * started and exits non-zero, so the orchestrator restarts the container.
 */
export function runUntilSignalled(
  name: string,
  log: Logger,
  start: (onStop: (step: () => Promise<unknown>) => void) => Promise<void>,
): void {
  const steps: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    for (const step of steps.reverse()) await step().catch((err: unknown) => log.error({ err }, 'stop step failed'));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  start((step) => steps.push(step)).then(
    () => log.info(`${name} started`),
    (err: unknown) => {
      log.fatal({ err }, `${name} failed to start`);
      void stop(1);
    },
  );
}
