import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client';
import type { FiringRecord, SupervisionClose, SupervisionEscalation, SupervisionOpen, TimerFiredRecord } from '../workflows/activity-contracts/firing';
import type { PetitionActivities } from '../workflows/activity-contracts/petition';
import { patchToColumns } from './records';
import { mailAtOnce, outboxRows, type DeliveryRule } from './notice-outbox';

/** PostgreSQL integer: about 24.8 days; a larger lag is recorded as this. */
const MAX_LAG_MS = 2_147_483_647;

/** The audit row of one fired step. */
function auditRow(record: TimerFiredRecord, lagMs: number) {
  return {
    petitionId: record.petitionId,
    number: record.number,
    deadlineId: record.deadlineId,
    deadlineKind: record.deadlineKind,
    step: record.step,
    scheduledAt: new Date(record.scheduledAt),
    firedAt: new Date(record.firedAt),
    // A petition registered long after its receipt fires its first step years late: the column is a 32-bit int.
    lagMs: Math.min(lagMs, MAX_LAG_MS),
    idempotencyKey: record.idempotencyKey,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/** The record-store side of the deadline watch: the audit of fired timers, the supervision (督办) items, staff roles. */
export function createDeadlineRecordActivities({ prisma, deliveryRule }: {
  prisma: PrismaClient;
  deliveryRule?: DeliveryRule;
}): Pick<PetitionActivities, 'recordTimerFired' | 'recordFiring' | 'openSupervision' | 'escalateSupervision' | 'closeSupervision' | 'staffRoleOf'> {
  /** One row per fired step; the key makes a retried activity write once. Lag = fired − due, in milliseconds. */
  async function recordTimerFired(record: TimerFiredRecord): Promise<{ written: boolean; lagMs: number }> {
    const lagMs = Date.parse(record.firedAt) - Date.parse(record.scheduledAt);
    try {
      await prisma.deadlineAudit.create({ data: auditRow(record, lagMs) });
      return { written: true, lagMs };
    } catch (error) {
      if (isUniqueViolation(error)) return { written: false, lagMs };
      throw error;
    }
  }

  async function openSupervision(item: SupervisionOpen): Promise<void> {
    const row = {
      number: item.number,
      deadlineKind: item.deadlineKind,
      departmentCode: item.departmentCode ?? null,
      rule: item.rule,
      dueAt: new Date(item.dueAt),
      openedAt: new Date(item.openedAt),
    };
    await prisma.supervision.upsert({
      where: { petitionId_deadlineId: { petitionId: item.petitionId, deadlineId: item.deadlineId } },
      create: { petitionId: item.petitionId, deadlineId: item.deadlineId, ...row, escalatedTo: [], status: 'open' },
      update: {},
    });
  }

  /** Appends the role once: a retry after a crash does not list the president twice. */
  async function escalateSupervision(step: SupervisionEscalation): Promise<void> {
    const where = { petitionId_deadlineId: { petitionId: step.petitionId, deadlineId: step.deadlineId } };
    const item = await prisma.supervision.findUnique({ where });
    if (!item || item.escalatedTo.includes(step.role)) return;
    await prisma.supervision.update({ where, data: { escalatedTo: [...item.escalatedTo, step.role], lastEscalatedAt: new Date(step.at) } });
  }

  async function closeSupervision(close: SupervisionClose): Promise<void> {
    await prisma.supervision.updateMany({
      where: { petitionId: close.petitionId, deadlineId: close.deadlineId, status: 'open' },
      data: { status: 'closed', outcome: close.outcome, closedAt: new Date(close.closedAt) },
    });
  }

  /**
   * The steps due at one instant, in one transaction and one round trip (see FiringRecord): the rows are computed
   * here and written by the database function record_firing (migration 20261204200000_record_firing), whose every
   * write is keyed, so a retried activity writes nothing twice: events and audit rows by their idempotency keys,
   * supervision items by (petition, deadline), an escalation only when its role is not listed yet, an outbox row by
   * its notice key. A burst at 24:00 spent most of the worker's main thread in the seven statements Prisma ran for
   * each firing before (bench: BENCH_PROFILE=worker).
   */
  async function recordFiring(firing: FiringRecord): Promise<{ eventsWritten: number; lagMs: number[] }> {
    const lagMs = firing.timersFired.map((record) => Date.parse(record.firedAt) - Date.parse(record.scheduledAt));
    const notices = firing.notices ?? [];
    const raisedAt = new Date(firing.timersFired[0]?.firedAt ?? Date.now());
    const rows = {
      petitionId: firing.petitionId,
      events: firing.events,
      patch: patchToColumns(firing.patch),
      supervisionsOpened: firing.supervisionsOpened.map((item) => ({ id: randomUUID(), ...item, departmentCode: item.departmentCode ?? null })),
      escalations: firing.escalations,
      timersFired: firing.timersFired.map((record, i) => auditRow(record, lagMs[i])),
      notices: outboxRows(notices, raisedAt, deliveryRule ?? mailAtOnce).map((row) => ({ id: randomUUID(), ...row })),
    };
    const [{ events }] = await prisma.$queryRaw<Array<{ events: number }>>`SELECT record_firing(${JSON.stringify(rows)}::jsonb) AS events`;
    return { eventsWritten: Number(events), lagMs };
  }

  /** null for an unknown or inactive staff member. */
  async function staffRoleOf(staffId: string): Promise<string | null> {
    const member = await prisma.staffMember.findUnique({ where: { id: staffId }, select: { role: true, active: true } });
    return member?.active ? member.role : null;
  }

  return { recordTimerFired, recordFiring, openSupervision, escalateSupervision, closeSupervision, staffRoleOf };
}
