/**
 * Waiting on real servers: polls a read until its value is right, so a test waits as long as the machine needs
 * (up to a generous limit) instead of sleeping a fixed time.
 */

/** Reads until ok(value), every pollMs; throws with the last value after timeoutMs. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
