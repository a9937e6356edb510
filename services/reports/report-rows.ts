import type { PrismaClient } from '../../generated/prisma/client';
import { finishedAt } from '../../workflows/domain/closure';
import { storedDeadlineFacts } from '../../workflows/domain/recorded-facts';
import { markRepeats, type ReportRow } from './report';

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
