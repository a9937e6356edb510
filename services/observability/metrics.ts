import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../../generated/prisma/client';
import { statuses } from '../../workflows/domain/catalog';
import { timerEventTypes } from '../../workflows/domain/events';
import { loadOverdueItems } from '../reports/petition-facts';

/** Metric names, exported so tests and dashboards refer to one spelling. */
export const metricNames = {
  openPetitions: 'petitions_open',
  overduePetitions: 'petitions_overdue',
  timerLagMax: 'petition_timer_lag_seconds_max',
  timersFired: 'petition_timers_fired_24h',
  activityFailures: 'petition_activity_failures_total',
  outboxWaiting: 'petition_outbox_notices_waiting',
  outboxOverdueSeconds: 'petition_outbox_oldest_due_seconds',
} as const;

/**
 * Timer lag: how late a durable timer fired compared with the instant it was due, from the record store. Events
 * written by timers (timerEventTypes, workflows/domain/events.ts) carry the instant they were due in payload.dueAt; only the last 24 hours count.
 */
interface TimerLagRow {
  fired: bigint | number;
  max_lag_seconds: number | null;
}

async function readTimerLag(prisma: PrismaClient): Promise<{ fired: number; maxLagSeconds: number }> {
  const [row] = await prisma.$queryRaw<TimerLagRow[]>`
    SELECT count(*) AS fired,
           max(EXTRACT(EPOCH FROM ("occurredAt" - ("payload"->>'dueAt')::timestamptz)))::float8 AS max_lag_seconds
    FROM "PetitionEvent"
    WHERE "type" = ANY(${[...timerEventTypes]})
      AND "occurredAt" > now() - interval '24 hours'
      AND jsonb_typeof("payload"->'dueAt') = 'string'`;
  return { fired: Number(row?.fired ?? 0), maxLagSeconds: Math.max(0, Number(row?.max_lag_seconds ?? 0)) };
}

export interface PetitionMetrics {
  registry: Registry;
  /** Counts activity attempts that threw, by activity type; add to the worker's interceptors. */
  activityInterceptor: ActivityInterceptorsFactory;
}

/**
 * One registry per running system (tests start several in one process). Petition gauges are read from the record
 * store at scrape time, so any API replica reports the same numbers.
 */
export function createPetitionMetrics(prisma: PrismaClient, options: { processMetrics?: boolean } = {}): PetitionMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: metricNames.openPetitions,
    help: 'Petitions not yet archived, by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await prisma.petition.groupBy({ by: ['status'], where: { closedAt: null }, _count: { _all: true } });
      // Every open status is reported, zero included, so a dashboard's series never vanish.
      for (const status of Object.keys(statuses)) if (status !== 'archived') this.set({ status }, 0);
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: metricNames.overduePetitions,
    help: 'Open petitions past a deadline (workflows/domain/overdue.ts), as the boards list them',
    registers: [registry],
    async collect() {
      this.set(new Set((await loadOverdueItems(prisma, new Date())).map((item) => item.number)).size);
    },
  });
  const timersFired = new Gauge({
    name: metricNames.timersFired,
    help: 'Deadline timers (reminders, escalations, overdue marks) that fired in the last 24 hours',
    registers: [registry],
  });
  new Gauge({
    name: metricNames.timerLagMax,
    help: 'Largest delay in the last 24 hours between a deadline instant and its timer firing, in seconds',
    registers: [registry],
    async collect() {
      const lag = await readTimerLag(prisma);
      this.set(lag.maxLagSeconds);
      timersFired.set(lag.fired);
    },
  });
  // The mail outbox: notices waiting (quiet hours, a mail server down), and how long the oldest one that is due has
  // waited past its time (0 when the sender keeps up; it grows while the relay is down).
  new Gauge({
    name: metricNames.outboxWaiting,
    help: 'Staff notices queued in the mail outbox and not mailed yet, by whether they are due now or held for working hours',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const now = new Date();
      const [due, held] = await Promise.all([
        prisma.outboxNotice.count({ where: { status: 'pending', nextAttemptAt: { lte: now } } }),
        prisma.outboxNotice.count({ where: { status: 'pending', nextAttemptAt: { gt: now } } }),
      ]);
      this.set({ state: 'due' }, due);
      this.set({ state: 'held' }, held);
    },
  });
  new Gauge({
    name: metricNames.outboxOverdueSeconds,
    help: 'How long the oldest due notice in the mail outbox has waited past the instant it was to be mailed, in seconds',
    registers: [registry],
    async collect() {
      const oldest = await prisma.outboxNotice.findFirst({ where: { status: 'pending', notBefore: { lte: new Date() } }, orderBy: { notBefore: 'asc' }, select: { notBefore: true } });
      this.set(oldest ? Math.max(0, (Date.now() - oldest.notBefore.getTime()) / 1000) : 0);
    },
  });
  const activityFailures = new Counter({
    name: metricNames.activityFailures,
    help: 'Activity attempts that failed (each retry counts), by activity type',
    labelNames: ['activity'],
    registers: [registry],
  });

  const activityInterceptor: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          activityFailures.inc({ activity: ctx.info.activityType });
          throw error;
        }
      },
    },
  });
  return { registry, activityInterceptor };
}
