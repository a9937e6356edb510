/**
 * Department accountability (考核, 一岗双责 / 责任追究) as the 12345 hotlines score departments: per department and month
 * (by the petition's receipt month, like every report): petitions assigned, 签收 on time, replies on time, returns
 * (退单), extensions asked and granted, overdue by stage, satisfaction; a score from configured weights
 * (config/accountability.json); a 红黑榜. On-time and overdue come from the deadlines through
 * workflows/domain/overdue.ts (wasDeadlineLate), the same definition the boards and the reports use; every figure
 * keeps the petitions behind it so the console can drill down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { finishedAt } from '../../workflows/domain/closure';
import { wasDeadlineLate, type DeadlineFact } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import type { ReportRange } from './report';
import { startOfShanghaiDate } from './range';

export const measureLabels = {
  acknowledgeOnTime: '及时签收率',
  replyOnTime: '按时办结率',
  notReturned: '未退单率（1 − 退单率）',
  noExtension: '未延期率（1 − 延期率）',
  notOverdue: '未超期率（1 − 超期率）',
  satisfaction: '满意率',
} as const;
export type Measure = keyof typeof measureLabels;

export const weightsSchema = z
  .object({
    weights: z.object(Object.fromEntries(Object.keys(measureLabels).map((k) => [k, z.number().min(0).max(100)])) as Record<Measure, z.ZodNumber>).partial().default({}),
    /** How many departments each of the red and the black list shows. */
    listSize: z.number().int().min(1).max(50).default(3),
    /** A department with fewer assigned petitions in the month is scored but not ranked. */
    minAssigned: z.number().int().min(1).max(10_000).default(1),
  })
  .strict();

export interface AccountabilitySettings {
  weights: Record<Measure, number>;
  listSize: number;
  minAssigned: number;
}

export const defaultWeights: Record<Measure, number> = {
  acknowledgeOnTime: 15, replyOnTime: 30, notReturned: 10, noExtension: 10, notOverdue: 20, satisfaction: 15,
};

/** config/accountability.json (optional); an invalid file names the field. */
export function loadAccountabilitySettings(file = 'config/accountability.json'): AccountabilitySettings {
  const raw = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const parsed = weightsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { weights: { ...defaultWeights, ...parsed.data.weights }, listSize: parsed.data.listSize, minAssigned: parsed.data.minAssigned };
}

/** One petition as the account needs it. */
export interface AccountPetition {
  number: string;
  status: string;
  leadDepartment: string | null;
  dueAt: Date | null;
  overdue: boolean;
  closedAt: Date | null;
  receivedAt: Date;
  deadlines: unknown;
  events: Array<{ type: string; payload: unknown; occurredAt: Date }>;
}

export interface Counted {
  count: number;
  numbers: string[];
}

export interface DepartmentAccount {
  code: string;
  name: string;
  assigned: Counted;
  acknowledgements: Counted;
  acknowledgedOnTime: Counted;
  replies: Counted;
  repliedOnTime: Counted;
  returned: Counted;
  extensionsAsked: Counted;
  extensionsGranted: Counted;
  overdue: Counted;
  overdueByStage: { acknowledgement: Counted; handling: Counted; reviewAnswer: Counted };
  rated: Counted;
  satisfied: Counted;
  /** Each measure's rate (null: nothing to measure this month). */
  rates: Record<Measure, number | null>;
  /** 0–100, two decimals: the weighted mean of the measured rates. */
  score: number | null;
}

const counted = (): Counted => ({ count: 0, numbers: [] });
function add(c: Counted, number: string): void {
  if (c.numbers.includes(number)) return;
  c.count += 1;
  c.numbers.push(number);
}

const payloadOf = (payload: unknown) => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** The account of every department involved with the petitions (received in the period: filter before). */
export function departmentAccounts(petitions: AccountPetition[], names: ReadonlyMap<string, string>, now: Date, settings: AccountabilitySettings): DepartmentAccount[] {
  const accounts = new Map<string, DepartmentAccount>();
  const of = (code: string) => {
    let account = accounts.get(code);
    if (!account) {
      account = {
        code, name: names.get(code) ?? code, assigned: counted(), acknowledgements: counted(), acknowledgedOnTime: counted(), replies: counted(),
        repliedOnTime: counted(), returned: counted(), extensionsAsked: counted(), extensionsGranted: counted(), overdue: counted(),
        overdueByStage: { acknowledgement: counted(), handling: counted(), reviewAnswer: counted() }, rated: counted(), satisfied: counted(),
        rates: { acknowledgeOnTime: null, replyOnTime: null, notReturned: null, noExtension: null, notOverdue: null, satisfaction: null },
        score: null,
      };
      accounts.set(code, account);
    }
    return account;
  };
  for (const p of petitions) {
    const at = (type: string) => p.events.find((e) => e.type === type)?.occurredAt;
    const facts = petitionFactsOf({ ...p, finishedAt: finishedAt({ acceptedAt: at('accepted'), fedBackAt: at('fed_back'), archivedAt: at('archived') }) });
    const involved = new Set<string>();
    for (const event of p.events) {
      const payload = payloadOf(event.payload);
      if (event.type === 'assigned') {
        if (typeof payload.leadDepartment === 'string') involved.add(payload.leadDepartment);
        if (Array.isArray(payload.cooperatingDepartments)) for (const c of payload.cooperatingDepartments) if (typeof c === 'string') involved.add(c);
      }
      const department = typeof payload.department === 'string' ? payload.department : null;
      if (!department) continue;
      if (event.type === 'returned') add(of(department).returned, p.number);
      if (event.type === 'extension_requested') add(of(department).extensionsAsked, p.number);
      if (event.type === 'extension_approved') add(of(department).extensionsGranted, p.number);
    }
    if (p.leadDepartment) involved.add(p.leadDepartment);
    for (const d of facts.deadlines) if (d.department) involved.add(d.department);
    for (const code of involved) add(of(code).assigned, p.number);
    for (const fact of facts.deadlines as DeadlineFact[]) {
      if (!fact.department) continue;
      const account = of(fact.department);
      const late = wasDeadlineLate(fact, now);
      const decided = late || fact.status === 'met';
      if (late && fact.kind in account.overdueByStage) {
        add(account.overdue, p.number);
        add(account.overdueByStage[fact.kind as keyof DepartmentAccount['overdueByStage']], p.number);
      }
      if (!decided) continue;
      if (fact.kind === 'acknowledgement') {
        add(account.acknowledgements, p.number);
        if (!late) add(account.acknowledgedOnTime, p.number);
      } else if (fact.kind === 'handling' || fact.kind === 'reviewAnswer') {
        add(account.replies, p.number);
        if (!late) add(account.repliedOnTime, p.number);
      }
    }
    const fedBack = p.events.find((e) => e.type === 'fed_back');
    const satisfaction = payloadOf(fedBack?.payload).satisfaction;
    if (p.leadDepartment && typeof satisfaction === 'string' && satisfaction !== 'unknown') {
      add(of(p.leadDepartment).rated, p.number);
      if (satisfaction === 'satisfied' || satisfaction === 'basically_satisfied') add(of(p.leadDepartment).satisfied, p.number);
    }
  }
  for (const a of accounts.values()) {
    // A department whose on-time reply was late is counted once as a late reply, not also as an on-time one.
    a.repliedOnTime.numbers = a.repliedOnTime.numbers.filter((n) => !a.overdueByStage.handling.numbers.includes(n) && !a.overdueByStage.reviewAnswer.numbers.includes(n));
    a.repliedOnTime.count = a.repliedOnTime.numbers.length;
    a.acknowledgedOnTime.numbers = a.acknowledgedOnTime.numbers.filter((n) => !a.overdueByStage.acknowledgement.numbers.includes(n));
    a.acknowledgedOnTime.count = a.acknowledgedOnTime.numbers.length;
    const assigned = a.assigned.count;
    const inverse = (n: number) => (assigned === 0 ? null : 1 - n / assigned);
    a.rates = {
      acknowledgeOnTime: ratio(a.acknowledgedOnTime.count, a.acknowledgements.count),
      replyOnTime: ratio(a.repliedOnTime.count, a.replies.count),
      notReturned: inverse(a.returned.count),
      noExtension: inverse(a.extensionsAsked.count),
      notOverdue: inverse(a.overdue.count),
      satisfaction: ratio(a.satisfied.count, a.rated.count),
    };
    let weighted = 0;
    let weights = 0;
    for (const measure of Object.keys(measureLabels) as Measure[]) {
      const rate = a.rates[measure];
      const weight = settings.weights[measure];
      if (rate === null || weight === 0) continue;
      weighted += rate * weight;
      weights += weight;
    }
    a.score = weights === 0 ? null : Math.round((weighted / weights) * 10_000) / 100;
  }
  return [...accounts.values()].sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || y.assigned.count - x.assigned.count || x.code.localeCompare(y.code));
}

/** 红黑榜: the best and the worst scored departments with enough petitions; nobody is on both. */
export function redBlackLists(accounts: DepartmentAccount[], settings: AccountabilitySettings): { red: DepartmentAccount[]; black: DepartmentAccount[] } {
  const ranked = accounts.filter((a) => a.score !== null && a.assigned.count >= settings.minAssigned);
  const red = ranked.slice(0, settings.listSize);
  const black = ranked.slice().reverse().filter((a) => !red.includes(a)).slice(0, settings.listSize);
  return { red, black };
}

export const accountEventTypes = ['accepted', 'assigned', 'returned', 'extension_requested', 'extension_approved', 'fed_back', 'archived'];

/** The petitions received in the range with what the account reads. */
export async function loadAccountPetitions(prisma: PrismaClient, range: ReportRange): Promise<AccountPetition[]> {
  return prisma.petition.findMany({
    where: { receivedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } },
    select: {
      number: true, status: true, leadDepartment: true, dueAt: true, overdue: true, closedAt: true, receivedAt: true, deadlines: true,
      events: { where: { type: { in: accountEventTypes } }, select: { type: true, payload: true, occurredAt: true }, orderBy: { occurredAt: 'asc' } },
    },
    orderBy: { number: 'asc' },
  });
}

/**
 * The daily report's 考核 line: the month so far (Asia/Shanghai) of the report's instant, red and black list with
 * scores; undefined when no department can be ranked yet. Read by activities/daily-report.ts.
 */
export async function accountabilityLine(prisma: PrismaClient, at: Date, settings: AccountabilitySettings = loadAccountabilitySettings()): Promise<string | undefined> {
  const month = shanghaiDate(at).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const from = startOfShanghaiDate(`${month}-01`);
  const to = m === 12 ? startOfShanghaiDate(`${y + 1}-01-01`) : startOfShanghaiDate(`${y}-${String(m + 1).padStart(2, '0')}-01`);
  const [petitions, departments] = await Promise.all([loadAccountPetitions(prisma, { from, to }), prisma.department.findMany({ select: { code: true, name: true } })]);
  const accounts = departmentAccounts(petitions, new Map(departments.map((d) => [d.code, d.name])), at, settings);
  const { red, black } = redBlackLists(accounts, settings);
  if (red.length === 0) return undefined;
  const names = (list: DepartmentAccount[]) => list.map((a) => `${a.name} ${a.score!.toFixed(2)}`).join('、') || '无';
  return `本月部门考核（${y}年${m}月，截至今日）：红榜 ${names(red)}；黑榜 ${names(black)}`;
}
