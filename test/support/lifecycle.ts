/**
 * One started thing per test file (a test system, a fault rig): the jest hooks that start it before the file's tests
 * and stop it after them, in one place, so each file says what it starts and not how it is kept.
 */

/** Call inside describe(): starts in beforeAll, stops in afterAll; the getter returns it inside a test. */
export function useStarted<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, 120_000);
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  }, 60_000);
  return () => {
    if (started === undefined) throw new Error(`${what} did not start (it starts in beforeAll; read it inside a test)`);
    return started;
  };
}
