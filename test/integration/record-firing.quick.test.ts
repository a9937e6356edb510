/**
 * The firing's one round trip (activities/deadline-records.ts recordFiring → the database function record_firing,
 * migration 20261204200000_record_firing) on the real record store, PostgreSQL and PGlite alike: every row of a
 * firing written once even when the activity is retried, an item opened and escalated at the same instant, the
 * petition's columns patched, instants stored as the Prisma models read them.
 */
import { createDeadlineRecordActivities } from '../../activities/deadline-records';
import type { FiringRecord } from '../../workflows/activity-contracts/firing';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(90_000);

const registration = registrationWith(() => ({
  petitioner: { name: '周敏', email: 'zhou.min@example.cn', phone: freshPhone('137') },
  content: `住院押金退还迟迟未办 ${Math.random()}`,
}));

describe('one firing, one round trip (record_firing)', () => {
  const system = useTestSystem();

  test('writes the events, overdue mark, 督办 item with its escalation, audit rows and outbox rows once, also when retried', async () => {
    const { body } = await system.api('/api/petitions', { body: registration() });
    const petition = await until(() => system.prisma.petition.findUnique({ where: { number: body.number } }), (p) => p !== null);
    const { id: petitionId, number } = petition!;
    const dueAt = '2026-11-30T16:00:00.000Z';
    const firedAt = '2026-11-30T16:00:02.500Z';
    const key = `test-firing:${petitionId}`;
    const deadline = { id: 'handling:YWC:1', kind: 'handling', department: 'YWC', dueAt, status: 'overdue', overdueAt: firedAt };
    const firing: FiringRecord = {
      petitionId,
      number,
      events: [
        { type: 'overdue', actor: 'system', occurredAt: firedAt, payload: { deadlineId: deadline.id }, idempotencyKey: `${key}:1:overdue` },
        { type: 'supervision_opened', actor: 'system', occurredAt: firedAt, payload: { deadlineId: deadline.id }, idempotencyKey: `${key}:2:supervision_opened` },
        { type: 'escalated', actor: 'system', occurredAt: firedAt, payload: { role: 'leaderInCharge' }, idempotencyKey: `${key}:3:escalated` },
      ],
      patch: { overdue: true, deadlines: [deadline] as never },
      supervisionsOpened: [{ petitionId, number, deadlineId: deadline.id, deadlineKind: 'handling', departmentCode: 'YWC', dueAt, openedAt: firedAt, rule: '信访工作条例：受理后60日内办结' }],
      escalations: [{ petitionId, deadlineId: deadline.id, role: 'leaderInCharge', at: firedAt }],
      timersFired: [
        { petitionId, number, deadlineId: deadline.id, deadlineKind: 'handling', step: 'overdue', scheduledAt: dueAt, firedAt, idempotencyKey: `${key}:overdue` },
        { petitionId, number, deadlineId: deadline.id, deadlineKind: 'handling', step: 'escalation:overdue', scheduledAt: dueAt, firedAt, idempotencyKey: `${key}:escalation:overdue` },
      ],
      notices: [{ kind: 'escalation', audience: 'staff', petitionId, idempotencyKey: `${key}:escalation`, departmentCode: 'YWC', role: 'leaderInCharge' } as never],
    };
    const { recordFiring } = createDeadlineRecordActivities({ prisma: system.prisma });

    expect(await recordFiring(firing)).toEqual({ eventsWritten: 3, lagMs: [2500, 2500] });
    // A retry (the local activity's attempt after a crash) writes nothing twice.
    expect(await recordFiring(firing)).toEqual({ eventsWritten: 0, lagMs: [2500, 2500] });

    const events = await system.prisma.petitionEvent.findMany({ where: { idempotencyKey: { startsWith: key } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.occurredAt.toISOString()])).toEqual([['overdue', firedAt], ['supervision_opened', firedAt], ['escalated', firedAt]]);
    const after = await system.prisma.petition.findUniqueOrThrow({ where: { id: petitionId } });
    expect(after.overdue).toBe(true);
    expect(after.deadlines).toEqual([deadline]);
    expect(after.status).toBe(petition!.status);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(petition!.updatedAt.getTime());
    const items = await system.prisma.supervision.findMany({ where: { petitionId } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ deadlineId: deadline.id, status: 'open', departmentCode: 'YWC', escalatedTo: ['leaderInCharge'] });
    expect(items[0].dueAt.toISOString()).toBe(dueAt);
    expect(items[0].lastEscalatedAt!.toISOString()).toBe(firedAt);
    const audit = await system.prisma.deadlineAudit.findMany({ where: { petitionId }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.step, a.lagMs, a.firedAt.toISOString()])).toEqual([['overdue', 2500, firedAt], ['escalation:overdue', 2500, firedAt]]);
    const outbox = await system.prisma.outboxNotice.findMany({ where: { petitionId, idempotencyKey: { startsWith: key } } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'escalation', status: 'pending', attempts: 0 });
    expect(outbox[0].queuedAt.toISOString()).toBe(firedAt);

    // The president three days later: appended to the same item, once.
    const later = '2026-12-03T16:00:01.000Z';
    const escalation: FiringRecord = {
      ...firing, events: [], patch: {}, supervisionsOpened: [], notices: [],
      escalations: [{ petitionId, deadlineId: deadline.id, role: 'president', at: later }],
      timersFired: [{ petitionId, number, deadlineId: deadline.id, deadlineKind: 'handling', step: 'escalation:overdueToPresident', scheduledAt: '2026-12-03T16:00:00.000Z', firedAt: later, idempotencyKey: `${key}:president` }],
    };
    await recordFiring(escalation);
    await recordFiring(escalation);
    const escalated = await system.prisma.supervision.findFirstOrThrow({ where: { petitionId } });
    expect(escalated.escalatedTo).toEqual(['leaderInCharge', 'president']);
    expect(escalated.lastEscalatedAt!.toISOString()).toBe(later);
  });

  test('a firing for a petition the record store does not know fails, so the activity is retried', async () => {
    const { recordFiring } = createDeadlineRecordActivities({ prisma: system.prisma });
    await expect(recordFiring({ petitionId: 'no-such-petition', number: 'XF-0', events: [], patch: {}, supervisionsOpened: [], escalations: [], timersFired: [] }))
      .rejects.toThrow(/no petition/);
  });
});
