/**
 * After a mail has gone out, the record of it must be written, or Temporal's retry of the activity sends the mail a
 * second time. A database that is restarting (or a pool reconnecting) answers again within seconds, so the write is
 * retried inside the same attempt instead of failing it. Only a worker that dies between the send and the write can
 * still resend; the Message-ID derived from the idempotency key lets the receiving server drop that copy.
 */

/** How long the record is retried before the activity gives up (the mail activities' start-to-close is 1 minute). */
export const RECORD_SENT_WITHIN_MS = 45_000;

/** Runs a write until it succeeds, backing off from 0.25 s to 2 s, for at most RECORD_SENT_WITHIN_MS. */
export async function untilStored<T>(write: () => Promise<T>, withinMs = RECORD_SENT_WITHIN_MS): Promise<T> {
  const giveUpAt = Date.now() + withinMs;
  for (let pause = 250; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
