/**
 * The mail outbox on the real system (Temporal, the record store, the SMTP catcher): a deadline firing queues its
 * escalation in the firing's own transaction and the worker's sender mails it once; a staff notice raised at night
 * waits for the next working morning and is mailed then, once; a notice whose mail server is down is retried with
 * back-off and mailed once when it is back.
 */
import path from 'node:path';
import { createMailer } from '../../activities/mail/mailer';
import { deliveryTime } from '../../activities/mail/staff-notice-hours';
import { createNoticeActivities } from '../../activities/notices';
import { createOutboxActivities } from '../../activities/notice-outbox';
import type { Clock } from '../../activities';
import { loadHospitalConfig } from '../../services/hospital-config';
import { startOutboxSender } from '../../services/mail/outbox-sender';
import { freePort } from '../../infra/local/temporal';
import { createWorkCalendar } from '../../workflows/deadlines';
import type { NoticeRequest } from '../../workflows/activity-contracts/petition';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(180_000);

const hospital = loadHospitalConfig(path.join(__dirname, '../../config/hospital.json'));
const calendar = createWorkCalendar();
const atHospitalHours = (kind: NoticeRequest['kind'], raisedAt: Date) => deliveryTime(kind, raisedAt, hospital.staffNoticeHours, calendar);
const noticeSettings = { hospitalName: hospital.hospitalName, publicBaseUrl: 'http://127.0.0.1' };

describe('the mail outbox', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  async function registered(): Promise<{ number: string; petitionId: string }> {
    const created = await system.api('/api/petitions', { body: { channel: 'letter', category: 'medical_quality', anonymous: true, content: `候诊时间过长 ${Math.random()}` } });
    expect(created.status).toBe(201);
    const row = await system.prisma.petition.findUniqueOrThrow({ where: { number: created.body.number }, select: { id: true } });
    return { number: created.body.number, petitionId: row.id };
  }

  /** A sender of the test's own on the system's record store, with its own clock and mail server. */
  function senderWith(smtpUrl: string, clock: Clock, onError?: (error: unknown) => void) {
    const mailer = createMailer({ smtpUrl, from: 'xinfang@hospital.example' });
    const { sendNotice } = createNoticeActivities({ prisma: system.prisma, mailer, clock, settings: noticeSettings });
    const sender = startOutboxSender({ prisma: system.prisma, sendNotice, clock, concurrency: 2, ratePerSecond: 50, pollMs: 60_000, onError });
    return { sender, stop: async () => (await sender.stop(), mailer.close()) };
  }

  const rowOf = (key: string) => system.prisma.outboxNotice.findUniqueOrThrow({ where: { idempotencyKey: key } });

  const caughtWithKey = (prefix: string) => system.catcher!.messages().filter((m) => (m.headers['x-idempotency-key'] ?? '').startsWith(prefix));

  function reminderFor(petition: { number: string; petitionId: string }, key: string): NoticeRequest {
    return {
      kind: 'reminder', audience: 'department', petitionId: petition.petitionId, number: petition.number, idempotencyKey: key,
      departmentCode: 'YWC', role: 'handler', dueAt: new Date(Date.now() + 86_400_000).toISOString(), stepLabel: '到期前3日',
    };
  }

  test('a firing queues its escalation with the overdue mark, and the sender mails it once', async () => {
    const petition = await registered();
    expect((await system.api(`/api/petitions/${petition.number}/accept`, { body: {} })).status).toBe(200);
    const dueAt = new Date(Date.now() + 8_000);
    expect((await system.api(`/api/petitions/${petition.number}/assign`, { body: { leadDepartment: 'YWC', dueAt: dueAt.toISOString() } })).status).toBe(200);

    const sent = await until(
      () => system.prisma.outboxNotice.findMany({ where: { petitionId: petition.petitionId, kind: 'escalation' } }),
      (rows) => rows.length > 0 && rows.every((row) => row.status === 'sent'),
      120_000,
    );
    const overdue = await system.prisma.deadlineAudit.findFirstOrThrow({ where: { petitionId: petition.petitionId, step: 'overdue' } });
    // Queued by the firing itself: at the instant the overdue mark was recorded, not later by another activity.
    for (const row of sent) {
      expect(row.queuedAt.getTime()).toBe(overdue.firedAt.getTime());
      expect(row.heldReason).toBeNull();
    }
    const mails = caughtWithKey(sent[0].idempotencyKey);
    expect(mails).toHaveLength(1);
    // Mailed after the deadline, never before it.
    expect(Date.parse(mails[0].receivedAt)).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  test('a staff notice raised at night waits for 08:30 of the next working day, then is mailed once', async () => {
    const petition = await registered();
    const key = `outbox-test:${petition.number}:night-reminder`;
    // A Saturday night: the next working morning is Monday's.
    const saturdayNight = new Date('2027-01-09T23:10:00+08:00');
    const { queueNotices } = createOutboxActivities({ prisma: system.prisma, deliveryRule: atHospitalHours });
    expect(await queueNotices({ notices: [reminderFor(petition, key)], raisedAt: saturdayNight.toISOString() })).toEqual({ queued: 1 });
    // Queued twice (a retried activity): still one row.
    expect(await queueNotices({ notices: [reminderFor(petition, key)], raisedAt: saturdayNight.toISOString() })).toEqual({ queued: 0 });

    const row = await rowOf(key);
    expect(row.notBefore).toEqual(new Date('2027-01-11T08:30:00+08:00'));
    expect(row.heldReason).toBe('非工作时间，顺延至2027年1月11日 08:30发送');

    // The worker's own sender runs on today's clock: the row is not due, so nothing is mailed.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(caughtWithKey(key)).toHaveLength(0);
    expect((await rowOf(key)).status).toBe('pending');

    // A sender whose clock reads Monday 08:30 mails it; a second pass finds nothing left.
    const monday = senderWith(system.catcher!.smtpUrl, { now: () => new Date('2027-01-11T08:30:00+08:00') });
    try {
      await until(() => rowOf(key), (r) => r.status === 'sent', 30_000);
      await until(async () => caughtWithKey(key), (mails) => mails.length === 1, 10_000);
      expect(await monday.sender.drainOnce()).toBe(0);
      expect(caughtWithKey(key)).toHaveLength(1);
    } finally {
      await monday.stop();
    }
  });

  test('with the mail server down, the notice is retried with back-off and mailed once when it is back', async () => {
    const petition = await registered();
    const key = `outbox-test:${petition.number}:smtp-down`;
    const { queueNotices } = createOutboxActivities({ prisma: system.prisma });
    const later: Clock = { now: () => new Date(Date.now() + 365 * 86_400_000) };
    // Queued as due a year ahead, so only the test's senders (whose clocks read then) see it.
    await queueNotices({ notices: [reminderFor(petition, key)], raisedAt: later.now().toISOString() });

    const errors: string[] = [];
    const down = senderWith(`smtp://127.0.0.1:${await freePort()}`, later, (error) => errors.push(String(error)));
    let failed;
    try {
      failed = await until(() => rowOf(key), (r) => r.attempts >= 1 && r.lastError !== null, 30_000);
    } finally {
      await down.stop();
    }
    expect(failed.status).toBe('pending');
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(later.now().getTime());
    expect(errors.length).toBeGreaterThan(0);
    expect(caughtWithKey(key)).toHaveLength(0);

    // Back: a sender whose clock is past the back-off mails it, once.
    const back = senderWith(system.catcher!.smtpUrl, { now: () => new Date(failed.nextAttemptAt.getTime() + 1_000) });
    try {
      await until(() => rowOf(key), (r) => r.status === 'sent', 30_000);
      await until(async () => caughtWithKey(key), (mails) => mails.length === 1, 10_000);
    } finally {
      await back.stop();
    }
    expect(caughtWithKey(key)).toHaveLength(1);
  });
});

