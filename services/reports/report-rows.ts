/** The record store's petitions as the reports and the Excel export read them: one row per petition, one per deadline. */
import type { PrismaClient } from '../../generated/prisma/client';
import { finishedAt } from '../../workflows/domain/closure';
import { storedDeadlineFacts } from '../../workflows/domain/recorded-facts';
import { statuses, type PetitionStatus } from '../../workflows/domain/catalog';
import { formatDue } from '../../workflows/domain/due';
import { deadlineLabel, deadlineStatusText, type DepartmentActs } from '../../workflows/domain/overdue';
import { markRepeats, type ReportRange, type ReportRow } from './report';

/** One identity can be spelled several ways; any shared key (ID number, phone, e-mail) makes a repeat. */
export function petitionerKeys(petitioner: { idNumber: string | null; phone: string | null; email: string | null } | null): string[] {
  if (!petitioner) return [];
  const keys: string[] = [];
  if (petitioner.idNumber?.trim()) keys.push(`id:${petitioner.idNumber.trim().toUpperCase()}`);
  if (petitioner.phone?.trim()) keys.push(`phone:${petitioner.phone.replace(/[^0-9+]/g, '')}`);
  if (petitioner.email?.trim()) keys.push(`email:${petitioner.email.trim().toLowerCase()}`);
  return keys;
}

/** Every petition as a report row. A hospital has thousands a year, not millions: one pass in memory is enough. */
export async function loadReportRows(prisma: PrismaClient): Promise<ReportRow[]> {
  const [petitions, departments] = await Promise.all([
    prisma.petition.findMany({
      select: {
        number: true, year: true, receivedAt: true, channel: true, category: true, status: true, anonymous: true,
        leadDepartment: true, cause: true, dueAt: true, overdue: true, closedAt: true, deadlines: true,
        petitioner: { select: { idNumber: true, phone: true, email: true } },
        events: { where: { type: { in: ['accepted', 'declined', 'fed_back', 'archived'] } }, select: { type: true, occurredAt: true, payload: true } },
      },
    }),
    prisma.department.findMany({ select: { code: true, name: true, kind: true } }),
  ]);
  const departmentByCode = new Map(departments.map((d) => [d.code, d]));
  const rows = petitions.map((p) => {
    const eventAt = (type: string) => p.events.find((e) => e.type === type)?.occurredAt ?? null;
    const fedBack = p.events.find((e) => e.type === 'fed_back');
    const accepted = eventAt('accepted') !== null;
    const department = p.leadDepartment ? departmentByCode.get(p.leadDepartment) : undefined;
    const deadlines = storedDeadlineFacts(p.deadlines);
    const satisfaction = (fedBack?.payload as { satisfaction?: unknown } | null)?.satisfaction;
    return {
      number: p.number,
      year: p.year,
      receivedAt: p.receivedAt,
      channel: p.channel,
      category: p.category,
      status: p.status,
      accepted,
      declined: eventAt('declined') !== null,
      departmentCode: p.leadDepartment,
      departmentName: department?.name ?? null,
      departmentKind: department?.kind ?? null,
      cause: p.cause,
      dueAt: p.dueAt,
      finishedAt: finishedAt({ acceptedAt: eventAt('accepted'), fedBackAt: fedBack?.occurredAt, archivedAt: eventAt('archived') }),
      satisfaction: typeof satisfaction === 'string' ? satisfaction : null,
      overdueFlag: p.overdue,
      deadlines,
      closedAt: p.closedAt,
      departmentNames: Object.fromEntries(deadlines.flatMap((d) => (d.department ? [[d.department, departmentByCode.get(d.department)?.name ?? d.department]] : []))),
      petitionerKeys: p.anonymous ? [] : petitionerKeys(p.petitioner),
    };
  });
  return markRepeats(rows).map(({ petitionerKeys: _keys, ...row }) => row);
}

/** One deadline of one petition, in the console's words: the Excel export's 办理期限 sheet. */
export interface DeadlineSheetRow {
  number: string;
  status: string;
  deadline: string;
  department: string;
  due: string;
  deadlineStatus: string;
}

/**
 * Every deadline of the petitions received in `range` as the petition page's 期限 table shows it: the name, the
 * department by name, the due as "YYYY-MM-DD 24:00" and the status from the one model (按期完成 / 逾期完成 /
 * 未办理（已撤销） / 已超期 N 天 / 已届满), with what the departments did (签收, the lead's reply) as the page has it.
 */
export async function loadDeadlineSheetRows(prisma: PrismaClient, range: ReportRange, now: Date): Promise<DeadlineSheetRow[]> {
  const [petitions, departments] = await Promise.all([
    prisma.petition.findMany({
      where: { receivedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } },
      select: { number: true, status: true, leadDepartment: true, deadlines: true, events: { where: { type: 'acknowledged' }, select: { payload: true } } },
      orderBy: [{ receivedAt: 'asc' }, { number: 'asc' }],
    }),
    prisma.department.findMany({ select: { code: true, name: true } }),
  ]);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  return petitions.flatMap((p) => {
    const acknowledged = new Set(p.events.map((e) => (e.payload as { department?: unknown } | null)?.department).filter((code): code is string => typeof code === 'string'));
    const acted: DepartmentActs = { acknowledged, lead: p.leadDepartment ?? undefined };
    return storedDeadlineFacts(p.deadlines).map((fact) => ({
      number: p.number,
      status: statuses[p.status as PetitionStatus] ?? p.status,
      deadline: deadlineLabel(fact),
      department: fact.department ? names.get(fact.department) ?? fact.department : '',
      due: formatDue(fact.dueAt),
      deadlineStatus: deadlineStatusText(fact, now, acted),
    }));
  });
}
