/**
 * 复查 / 复核 as 信访工作条例 第三十五条 has it, on a skipped clock (issue 16, patch review-by-authority): the
 * petitioner's window counts from the delivery (送达) of the written reply; the request is addressed to the authority
 * above (复查: the supervising 卫生健康委员会, 复核: one level above it), not to the lead department; the authority's 30
 * days count from its own receipt, a 听证 is excluded by a recorded pause with its basis, the 信访办 is reminded
 * (nobody escalated to, no 督办 item); after 复核 the same matter is not reviewed again.
 */
import path from 'node:path';
import { loadHospitalConfig } from '../../services/hospital-config';
import { createWorkCalendar, deadlineForLimit, loadPolicy, pauseDeadline, resumeDeadline } from '../../workflows/deadlines';
import { HEARING_BASIS, reviewingAuthority } from '../../workflows/domain/authority-review';
import { shanghaiDate, startOfShanghaiDate } from '../../workflows/domain/shanghai';
import {
  answerReviewUpdate,
  approveReplyUpdate,
  archiveUpdate,
  endReviewHearingUpdate,
  feedbackUpdate,
  recordReviewReceiptUpdate,
  replyUpdate,
  requestReviewUpdate,
  sendReviewFileUpdate,
  startReviewHearingUpdate,
} from '../../workflows/petition/messages';
import { DAY_MS, refusal, sleepUntil } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';
import { until } from '../support/until';

jest.setTimeout(180_000);

const intake = 'staff:intake01';
const policy = loadPolicy('xinfang-2022');
const [recheck, reexamination] = policy.review.stages;
const calendar = createWorkCalendar();
const day = (ms: number) => shanghaiDate(ms);
const nextDay = (date: string) => shanghaiDate(Date.parse(`${date}T12:00:00+08:00`) + DAY_MS);
const hospital = loadHospitalConfig(path.join(__dirname, '../../config/hospital.json'));

describe('review by the authority above (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  /** Replied, approved, and delivered by post `deliveredDaysAfter` days after approval, entered 4 days after it. */
  async function delivered(deliveredDaysAfter = 2) {
    const { env, harness } = suite;
    const run = await harness.startAssigned('YWC');
    await run.handle.executeUpdate(replyUpdate, { args: [{ actor: 'dept:YWC', department: 'YWC', documentId: 'reply-1' }] });
    const approvedAt = await env.currentTimeMs();
    await run.handle.executeUpdate(approveReplyUpdate, { args: [{ actor: intake, documentId: 'letter-1' }] });
    await env.sleep(4 * DAY_MS);
    const deliveredOn = day(approvedAt + deliveredDaysAfter * DAY_MS);
    const state = await run.handle.executeUpdate(feedbackUpdate, { args: [{ actor: intake, satisfaction: 'unsatisfied', deliveryMethod: 'post', deliveredOn }] });
    return { run, deliveredOn, state };
  }

  test('the petitioner\'s window counts from the delivery (送达), not from the reply nor from when it was entered', async () => {
    const { run, deliveredOn, state } = await delivered(2);
    const window = state.deadlines!.find((d) => d.id === 'reviewRequest:recheck')!;
    expect(state.delivery).toMatchObject({ method: 'post', on: deliveredOn });
    expect(window.deadline.countedFrom).toBe(nextDay(deliveredOn));
    expect(window.dueAt).toBe(deadlineForLimit(policy, recheck.requestWithin, startOfShanghaiDate(deliveredOn), calendar).dueAt.toISOString());
    await run.handle.terminate('test done');
  });

  test('复查 goes to the authority; its 30 days run from its receipt with the 听证 excluded; the 信访办 is reminded, nobody escalated; 复核 one level up; then 不再受理', async () => {
    const { env } = suite;
    const { run } = await delivered(1);
    const noticesBefore = run.notices().length;

    // The request is recorded and addressed to the authority: no department deadline, the petition stays fed back.
    const requested = await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-1', receivedOn: day(await env.currentTimeMs()) }] });
    expect(requested.status).toBe('fed_back');
    expect(requested.reviews![0]).toMatchObject({ stage: 'recheck', addressedTo: 'authority' });
    expect(requested.deadlines!.filter((d) => (d.kind === 'handling' || d.kind === 'reviewAnswer') && (d.status === 'open' || d.status === 'overdue'))).toEqual([]);
    expect(requested.deadlines!.find((d) => d.id === 'reviewRequest:recheck')!.status).toBe('met');
    // 复查 → the supervising 卫生健康委员会; 复核 → the one above it (config/hospital.json authorities[].reviews).
    expect(reviewingAuthority(hospital.authorities, 'recheck')?.name).toBe('示例市卫生健康委员会');
    expect(reviewingAuthority(hospital.authorities, 'reexamination')?.name).toBe('示例省卫生健康委员会');

    // The case file to the authority's mailbox (its link: test/integration/authority-review-link.test.ts).
    await run.handle.executeUpdate(sendReviewFileUpdate, { args: [{ actor: intake }] });
    await env.sleep(60_000);
    await until(async () => run.notices('review-case-file'), (sent) => sent.length === 1, 60_000);
    expect(run.notices('review-case-file').map((n) => [n.stage, n.audience])).toEqual([['recheck', 'higherAuthority']]);
    expect(run.events()).toContain('review_file_sent');

    // The authority received it two days ago (entered today): its 30 days count from that day, not from today.
    await env.sleep(3 * DAY_MS);
    const receivedOn = day((await env.currentTimeMs()) - 2 * DAY_MS);
    expect(await refusal(run.handle.executeUpdate(recordReviewReceiptUpdate, { args: [{ actor: intake, receivedOn: day((await env.currentTimeMs()) + 2 * DAY_MS) }] }))).toMatch(/不能晚于今天/);
    const received = await run.handle.executeUpdate(recordReviewReceiptUpdate, { args: [{ actor: intake, receivedOn }] });
    const opened = received.deadlines!.find((d) => d.id === 'authorityReview:recheck')!;
    expect(opened.deadline.countedFrom).toBe(nextDay(receivedOn));
    expect(opened.dueAt).toBe(deadlineForLimit(policy, recheck.answerWithin, startOfShanghaiDate(receivedOn), calendar).dueAt.toISOString());
    expect(opened.deadline.rule).toBe('信访工作条例：收到复查请求之日起30日内提出复查意见');
    expect(received.dueAt).not.toBe(opened.dueAt);

    // A 听证 of 10 days: the clock stops with its basis and resumes with the days that were left.
    await env.sleep(DAY_MS);
    const hearing = await run.handle.executeUpdate(startReviewHearingUpdate, { args: [{ actor: intake, documentId: 'hearing-1' }] });
    const paused = hearing.deadlines!.find((d) => d.id === 'authorityReview:recheck')!;
    expect(paused.pausedAt).toBeDefined();
    expect(paused.pauseBasis).toBe(HEARING_BASIS);
    expect(await refusal(run.handle.executeUpdate(startReviewHearingUpdate, { args: [{ actor: intake, documentId: 'hearing-2' }] }))).toMatch(/听证已在进行中/);
    await env.sleep(10 * DAY_MS);
    const resumedState = await run.handle.executeUpdate(endReviewHearingUpdate, { args: [{ actor: intake }] });
    const resumed = resumedState.deadlines!.find((d) => d.id === 'authorityReview:recheck')!;
    const resumedAt = Date.parse(resumed.armedAt);
    const expected = resumeDeadline(pauseDeadline(opened.deadline, paused.pausedAt!, calendar), resumedAt, calendar, HEARING_BASIS);
    expect(resumed.dueAt).toBe(expected.dueAt.toISOString());
    expect(Date.parse(resumed.dueAt) - Date.parse(opened.dueAt)).toBeGreaterThanOrEqual(9 * DAY_MS);
    expect(resumed.deadline.explanation).toContain(`${HEARING_BASIS}：`);
    expect(resumed.deadline.adjustments).toEqual([expect.objectContaining({ kind: 'pause', basis: HEARING_BASIS })]);
    expect(resumed.pausedAt).toBeUndefined();

    // The 信访办 is reminded 3 days before, and when the authority's date has passed; no 督办, nobody up the ladder.
    await sleepUntil(env, Date.parse(resumed.dueAt) + DAY_MS);
    const reminders = await until(async () => run.notices('authority-review-reminder'), (sent) => sent.length >= 2, 60_000);
    expect(reminders.map((n) => [n.stage, n.audience, n.dueAt])).toEqual([
      ['recheck', 'office', resumed.dueAt],
      ['recheck', 'office', resumed.dueAt],
    ]);
    expect(reminders[0].stepLabel).toContain('3日内届满');
    expect(reminders[0].at).toBeLessThanOrEqual(Date.parse(resumed.dueAt) - 3 * DAY_MS + 60_000);
    expect(reminders[1].stepLabel).toContain('已届满');
    const later = run.notices().slice(noticesBefore).map((n) => n.kind);
    expect(later.filter((kind) => kind === 'reminder' || kind === 'escalation' || kind === 'assignment')).toEqual([]);
    expect(run.calls.filter((c) => c.activity === 'openSupervision' && c.args.petitionId === requested.petitionId)).toEqual([]);
    const passed = await run.state();
    expect(passed.deadlines!.find((d) => d.id === 'authorityReview:recheck')!.status).toBe('overdue');
    expect(passed.overdue).not.toBe(true);

    // The 复查意见 reaches the petitioner today: the 复核 window counts from that day.
    const answeredOn = day(await env.currentTimeMs());
    const answered = await run.handle.executeUpdate(answerReviewUpdate, { args: [{ actor: intake, documentId: 'answer-1', deliveredOn: answeredOn }] });
    expect(answered.reviews![0]).toMatchObject({ answerDocumentId: 'answer-1', answerDeliveredOn: answeredOn });
    expect(answered.deadlines!.find((d) => d.id === 'authorityReview:recheck')!.status).toBe('met');
    const window = answered.deadlines!.find((d) => d.id === 'reviewRequest:reexamination')!;
    expect(window.deadline.countedFrom).toBe(nextDay(answeredOn));
    expect(window.dueAt).toBe(deadlineForLimit(policy, reexamination.requestWithin, startOfShanghaiDate(answeredOn), calendar).dueAt.toISOString());

    // 复核: to the authority one level up, the same way.
    await env.sleep(2 * DAY_MS);
    const second = await run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-2' }] });
    expect(second.reviews![1]).toMatchObject({ stage: 'reexamination', addressedTo: 'authority' });
    expect(await refusal(run.handle.executeUpdate(archiveUpdate, { args: [{ actor: intake }] }))).toMatch(/上级机关尚未作出/);
    await run.handle.executeUpdate(sendReviewFileUpdate, { args: [{ actor: intake }] });
    await run.handle.executeUpdate(recordReviewReceiptUpdate, { args: [{ actor: intake, receivedOn: day(await env.currentTimeMs()) }] });
    await env.sleep(60_000);
    await until(async () => run.notices('review-case-file'), (sent) => sent.length === 2, 60_000);
    expect(run.notices('review-case-file').map((n) => n.stage)).toEqual(['recheck', 'reexamination']);
    const final = await run.handle.executeUpdate(answerReviewUpdate, { args: [{ actor: intake, documentId: 'answer-2' }] });
    expect(final.deadlines!.filter((d) => d.kind === 'authorityReview').map((d) => [d.stage, d.status])).toEqual([['recheck', 'met'], ['reexamination', 'met']]);
    expect(run.calls.filter((c) => c.activity === 'recordTransition' && c.args.type === 'review_answered').map((c) => c.args.payload.final)).toEqual([false, true]);

    // After 复核 the same matter is not reviewed again; the petition can be archived.
    expect(await refusal(run.handle.executeUpdate(requestReviewUpdate, { args: [{ actor: intake, documentId: 'review-3' }] }))).toMatch(/不再受理/);
    const archived = await run.handle.executeUpdate(archiveUpdate, { args: [{ actor: intake }] });
    expect(archived.status).toBe('archived');
  });
});
