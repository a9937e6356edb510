/**
 * The sending half of the mail outbox: a loop in each worker process that claims due OutboxNotice rows and mails
 * them through the one notice pipeline (activities/notices.ts sendNotice: recipients, template, one mail per key),
 * at most `concurrency` at once (the SMTP pool's size) and `ratePerSecond` in all. A failed send waits with
 * exponential back-off and is tried again until it goes: a notice is never dropped. Several workers share the table:
 * a claim is a token written by one conditional update, so a row is mailed by one sender at a time, and a crashed
 * sender's claims lapse after `claimMs` for another to take. Sent once per key: sendNotice skips a key its
 * Notification row marks sent; after a crash between the SMTP send and that mark, the resend carries the same
 * Message-ID, which lets the receiving server drop it.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Clock } from '../../activities/settings';
import type { NoticeOutcome, NoticeRequest } from '../../workflows/activity-contracts/petition';

export interface OutboxSenderOptions {
  prisma: PrismaClient;
  sendNotice(request: NoticeRequest): Promise<NoticeOutcome>;
  clock: Clock;
  concurrency: number;
  ratePerSecond: number;
  /** How long the sender sleeps when nothing is due (a queued row is seen within this). */
  pollMs?: number;
  /** How long a claim holds: longer than a send can take. */
  claimMs?: number;
  onError?(error: unknown, row: { idempotencyKey: string; attempts: number }): void;
}

export interface OutboxSender {
  /** Claims and mails what is due now, once; resolves with how many rows it handled (tests, drills). */
  drainOnce(): Promise<number>;
  stop(): Promise<void>;
}

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s … at most 5 minutes, with up to 20 % jitter so a night's failures do not retry in step. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + Math.random() * 0.2));
}

/** Spaces sends `1000 / perSecond` ms apart across all of this sender's concurrent sends. */
function rateLimiter(perSecond: number): () => Promise<void> {
  const spacing = 1000 / perSecond;
  let nextSlot = 0;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacing;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}

export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { prisma, clock, concurrency } = options;
  const pollMs = options.pollMs ?? 1_000;
  const claimMs = options.claimMs ?? 2 * 60_000;
  const takeSlot = rateLimiter(options.ratePerSecond);
  let stopped = false;
  let wake: (() => void) | undefined;

  async function claim(limit: number) {
    const now = clock.now();
    const candidates = await prisma.outboxNotice.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    if (candidates.length === 0) return [];
    const claimToken = randomUUID();
    // The conditions again, in the update: a row another sender claimed meanwhile is not claimed twice.
    await prisma.outboxNotice.updateMany({
      where: { id: { in: candidates.map((c) => c.id) }, status: 'pending', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimToken, claimedUntil: new Date(now.getTime() + claimMs), attempts: { increment: 1 } },
    });
    return prisma.outboxNotice.findMany({ where: { claimToken, status: 'pending' }, select: { id: true, idempotencyKey: true, request: true, attempts: true } });
  }

  async function mail(row: { id: string; idempotencyKey: string; request: unknown; attempts: number }): Promise<void> {
    try {
      await takeSlot();
      const outcome = await options.sendNotice(row.request as NoticeRequest);
      await prisma.outboxNotice.update({
        where: { id: row.id },
        data: { status: outcome === 'no-recipient' ? 'no-recipient' : 'sent', doneAt: clock.now(), claimToken: null, claimedUntil: null, lastError: null },
      });
    } catch (error) {
      options.onError?.(error, row);
      const retryAt = new Date(clock.now().getTime() + retryDelayMs(row.attempts));
      await prisma.outboxNotice
        .update({ where: { id: row.id }, data: { nextAttemptAt: retryAt, claimToken: null, claimedUntil: null, lastError: String(error instanceof Error ? error.message : error).slice(0, 500) } })
        // The database is away too: the claim lapses by itself and the row is taken again.
        .catch(() => undefined);
    }
  }

  async function drainOnce(): Promise<number> {
    const rows = await claim(concurrency * 4);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) await mail(rows[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return rows.length;
  }

  const loop = (async () => {
    while (!stopped) {
      let handled = 0;
      try {
        handled = await drainOnce();
      } catch (error) {
        // The database is restarting: try again after the pause.
        options.onError?.(error, { idempotencyKey: '(claim)', attempts: 0 });
      }
      if (handled === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => (clearTimeout(timer), resolve());
        });
        wake = undefined;
      }
    }
  })();

  return {
    drainOnce,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
