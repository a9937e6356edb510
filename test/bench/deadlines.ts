/**
 * Many petitions whose handling deadlines fall within one minute, started through the service layer (no HTTP):
 * registration, acceptance, assignment with an explicit due instant. The firing lag is read from the deadline audit
 * table (DeadlineAudit.lagMs of the "overdue" step); the escalation mails that fire at the deadline are counted in
 * the catcher to give the mail throughput.
 */
import type { RunningSystem } from '../../services/composition';
import type { MailCatcher } from '../../services/mail/catcher';
import { runCommand } from '../../services/petitions/commands';
import { registerPetition, registrationSchema, type RegistrationContext } from '../../services/petitions/registration';
import { runBounded, sleep, summarize } from './stats';

export interface DeadlineBenchResult {
  petitions: number;
  setupPerSecond: number;
  assignedLate: number;
  fired: number;
  lagMs: { p50: number; p99: number; max: number };
  escalationMails: number;
  escalationMailsPerSecond: number;
  rssAfterSetupMiB: { bench: number; temporal: number };
}

export async function benchDeadlines(
  system: RunningSystem,
  catcher: MailCatcher,
  context: RegistrationContext,
  count: number,
  concurrency: number,
  sampleRss: () => { bench: number; temporal: number },
  log: (line: string) => void,
): Promise<DeadlineBenchResult> {
  const numbers: string[] = [];
  const setupStarted = Date.now();
  await runBounded(count, concurrency, Number.POSITIVE_INFINITY, async (i) => {
    const registered = await registerPetition(
      context,
      registrationSchema.parse({ channel: 'letter', category: 'billing', anonymous: true, content: `期限基准 ${i}` }),
      'staff:intake01',
    );
    await runCommand(context, registered.number, 'accept', {}, { actor: 'staff:intake01', role: 'intake' });
    numbers.push(registered.number);
    if (numbers.length % 1000 === 0) log(`registered and accepted ${numbers.length}/${count}`);
  });
  const perPetitionMs = (Date.now() - setupStarted) / count;
  // Assignment costs about what registration and acceptance did; the minute of deadlines starts after it.
  const minuteStart = Date.now() + Math.ceil(perPetitionMs * count * 1.5) + 20_000;
  log(`deadlines fall in the minute from ${new Date(minuteStart).toISOString()}`);
  let assignedLate = 0;
  await runBounded(numbers.length, concurrency, Number.POSITIVE_INFINITY, async (i) => {
    // All at one instant: the hardest case of "due in the same minute", and a burst that measures mail throughput.
    const dueAt = new Date(minuteStart);
    await runCommand(context, numbers[i], 'assign', { leadDepartment: 'YWC', cooperatingDepartments: [], dueAt: dueAt.toISOString() }, { actor: 'staff:intake01', role: 'intake' });
    if (Date.now() > dueAt.getTime()) assignedLate++;
    if ((i + 1) % 1000 === 0) log(`assigned ${i + 1}/${count}`);
  });
  const setupPerSecond = count / ((Date.now() - setupStarted) / 1000);
  const rssAfterSetupMiB = sampleRss();

  const waitUntil = minuteStart + 60_000 + Math.max(120_000, count * 30);
  while (Date.now() < waitUntil) {
    const fired = await system.prisma.deadlineAudit.count({ where: { step: 'overdue', number: { in: numbers } } });
    if (fired >= numbers.length) break;
    await sleep(2_000);
  }
  const rows = await system.prisma.deadlineAudit.findMany({ where: { step: 'overdue', number: { in: numbers } }, select: { lagMs: true } });
  const { p50, p99, max } = summarize(rows.map((r) => r.lagMs));

  // Escalation mails go out after the overdue mark; give the outbox time to drain.
  const mailDeadline = Date.now() + Math.max(60_000, count * 20);
  const escalations = () => catcher.messages().filter((m) => (m.headers['x-idempotency-key'] ?? '').includes(':escalation:'));
  while (escalations().length < rows.length && Date.now() < mailDeadline) await sleep(2_000);
  const mails = escalations();
  const times = mails.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
  const span = times.length > 1 ? (times[times.length - 1] - Math.max(times[0], minuteStart)) / 1000 : NaN;
  return {
    petitions: count,
    setupPerSecond,
    assignedLate,
    fired: rows.length,
    lagMs: { p50, p99, max },
    escalationMails: mails.length,
    escalationMailsPerSecond: mails.length / span,
    rssAfterSetupMiB,
  };
}
