/**
 * The promises a fault must not break: every due deadline fires once, every notice reaches the mail server once,
 * no transition is lost. Checked through the API (the record store may be PGlite inside the worker process) and
 * the catcher.
 */
import type { FaultRig } from './fault-rig';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // the API may be down for a moment during a fault
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await sleep(250);
  }
}

/**
 * Registers petitions with a petitioner mailbox, accepts them and assigns them with a due instant `dueInMs` away;
 * `watched` says whether the workflow watches deadlines (see deadlineWatchPresent). The due instant is taken when
 * everything else is done and the assignments go out together, so they share it (the midnight shape) however slow
 * the machine; one that still arrives after its instant is assigned again with a fresh one. `dueAt` is the latest.
 */
export async function petitionsDueSoon(rig: FaultRig, count: number, dueInMs: number): Promise<{ numbers: string[]; dueAt: number; watched: boolean }> {
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await rig.api('/api/petitions', {
      channel: 'visit',
      category: 'medical_quality',
      petitioner: { name: `故障测试${i}`, email: `fault${i}@example.cn` },
      content: '故障注入测试：检查期限与通知在故障后恰好处理一次。',
    });
    if (created.status !== 201) throw new Error(`registration failed: ${created.status} ${JSON.stringify(created.body)}`);
    numbers.push(created.body.number);
  }
  for (const number of numbers) {
    const accepted = await rig.api(`/api/petitions/${number}/accept`, {});
    if (accepted.status !== 200) throw new Error(`accept ${number}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }
  let unassigned = numbers;
  let dueAt = 0;
  for (let round = 1; unassigned.length > 0; round++) {
    dueAt = Date.now() + dueInMs;
    const answers = await Promise.all(unassigned.map((number) => rig.api(`/api/petitions/${number}/assign`, { leadDepartment: 'YWC', dueAt: new Date(dueAt).toISOString() })));
    const late = answers.map((answer, i) => ({ answer, number: unassigned[i] })).filter(({ answer }) => answer.status !== 200);
    for (const { number, answer } of late) {
      const tooLate = answer.status === 409 && JSON.stringify(answer.body).includes('dueAt must be in the future');
      if (!tooLate || round >= 5) throw new Error(`assign ${number}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    unassigned = late.map(({ number }) => number);
  }
  return { numbers, dueAt, watched: await deadlineWatchPresent(rig, numbers[0]) };
}

/** The department replies and the 信访办 approves the 处理意见书 (review before answer): then the letter is mailed. */
export async function replyToAll(rig: FaultRig, numbers: string[]): Promise<void> {
  const letter = { investigation: '调阅病历并询问当班人员。', findings: '情况属实。', opinion: '加强沟通。', result: '已向患者说明并致歉。' };
  for (const number of numbers) {
    const replied = await rig.api(`/api/petitions/${number}/reply`, { department: 'YWC', ...letter });
    if (replied.status !== 200) throw new Error(`reply ${number}: ${replied.status} ${JSON.stringify(replied.body)}`);
    const approved = await rig.api(`/api/petitions/${number}/approve-reply`, letter);
    if (approved.status !== 200) throw new Error(`approve-reply ${number}: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
}

interface Detail {
  status: string;
  events: Array<{ type: string; payload: unknown }>;
  notifications: Array<{ template: string; recipient: string; status: string }>;
  workflow: { deadlines?: unknown[] } | null;
}

export async function detailOf(rig: FaultRig, number: string): Promise<Detail> {
  const answer = await rig.api(`/api/petitions/${number}`);
  if (answer.status !== 200) throw new Error(`GET ${number}: ${answer.status}`);
  return answer.body as Detail;
}

/** Whether the deadline watch (overdue marks, escalation mails) is part of the workflow being tested. */
export async function deadlineWatchPresent(rig: FaultRig, number: string): Promise<boolean> {
  const detail = await waitUntil('the workflow state', 30_000, async () => {
    const d = await detailOf(rig, number);
    return d.workflow ? d : undefined;
  });
  return Array.isArray(detail.workflow?.deadlines);
}

function mailKeysOf(rig: FaultRig, number: string): Map<string, number> {
  const copies = new Map<string, number>();
  for (const message of rig.mail()) {
    const key = message.headers['x-idempotency-key'];
    if (key?.includes(number)) copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  return copies;
}

export interface SettledExpectation {
  /** Event types each petition must have exactly once. */
  eventsOnce: string[];
  /** Notice templates each petition must have sent. */
  templates: string[];
}

/**
 * Waits until every petition has the expected events and every notice row is sent and caught, then checks that
 * nothing happened twice: no event type with the same payload twice, one caught mail per idempotency key, and as
 * many distinct keys caught as notices sent.
 */
export async function expectSettledExactlyOnce(rig: FaultRig, numbers: string[], expected: SettledExpectation, timeoutMs = 45_000): Promise<void> {
  for (const number of numbers) {
    // What the last look found missing, so a timeout names the step the petition is stuck at.
    let missing = 'no answer from the API yet';
    const detail = await waitUntil(`${number} to settle (${expected.eventsOnce.join(', ')}; ${expected.templates.join(', ')})`, timeoutMs, async () => {
      const d = await detailOf(rig, number);
      const types = d.events.map((e) => e.type);
      const templates = d.notifications.map((n) => n.template);
      const sent = d.notifications.filter((n) => n.status === 'sent').length;
      const caught = mailKeysOf(rig, number).size;
      const gaps = [
        ...expected.eventsOnce.filter((type) => !types.includes(type)).map((type) => `event ${type}`),
        ...expected.templates.filter((t) => !templates.includes(t)).map((t) => `notice ${t}`),
        ...d.notifications.filter((n) => n.status === 'pending').map((n) => `notice ${n.template} still pending`),
        ...(caught < sent ? [`${sent - caught} of ${sent} sent mails not caught`] : []),
      ];
      missing = gaps.length > 0 ? `stuck without ${gaps.join(', ')}; last event ${types.at(-1) ?? 'none'}` : '';
      return gaps.length === 0 ? d : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${missing}`);
    });
    for (const type of expected.eventsOnce) {
      const times = detail.events.filter((e) => e.type === type).length;
      if (times !== 1) throw new Error(`${number}: event ${type} recorded ${times} times`);
    }
    const seen = new Set<string>();
    for (const event of detail.events) {
      const fingerprint = `${event.type} ${JSON.stringify(event.payload)}`;
      if (seen.has(fingerprint)) throw new Error(`${number}: event recorded twice: ${fingerprint}`);
      seen.add(fingerprint);
    }
    const copies = mailKeysOf(rig, number);
    const duplicated = [...copies].filter(([, n]) => n > 1);
    if (duplicated.length > 0) throw new Error(`${number}: mail delivered more than once: ${JSON.stringify(duplicated)}`);
    const sent = detail.notifications.filter((n) => n.status === 'sent').length;
    if (copies.size !== sent) throw new Error(`${number}: ${sent} notices sent but ${copies.size} distinct mails caught`);
  }
}

export const sleepFor = sleep;

/** The overdue mark and its escalation mail, expected once each where the workflow watches deadlines. */
export function overdueExpectation(watched: boolean): { eventsOnce: string[]; templates: string[] } {
  return watched ? { eventsOnce: ['overdue'], templates: ['escalation'] } : { eventsOnce: [], templates: [] };
}

/** Sleeps until two seconds after the due instant, so the deadlines have passed during the fault. */
export async function sleepPastDue(dueAt: number): Promise<void> {
  await sleep(Math.max(0, dueAt - Date.now()) + 2_000);
}

/**
 * After the fault has healed: the acceptance, assignment and (where watched) overdue steps settle exactly once within
 * settleMs; then a reply to each petition settles exactly once too.
 */
export async function expectRecoveredExactlyOnce(rig: FaultRig, numbers: string[], watched: boolean, settleMs: number): Promise<void> {
  const overdue = overdueExpectation(watched);
  await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, settleMs);
  await replyToAll(rig, numbers);
  await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', 'reply_approved', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 60_000);
}
