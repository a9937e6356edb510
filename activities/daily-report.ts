import type { PrismaClient } from '../generated/prisma/client';
import { categories, collectivePetitionThreshold, isCategory, statuses, type PetitionStatus } from '../workflows/domain/catalog';
import type { Mailer } from './mail/mailer';
import { renderDailyReport, isZeroReport, type DailyReportItem } from './daily-report-mail';
import type { NoticeSettings } from './notices';

export interface DailyReportRequest {
  /** The report's instant (the schedule's firing time); it covers the 24 hours before it. */
  at: string;
}

export interface DailyReportOutcome {
  day: string;
  zero: boolean;
  counts: { newPetitions: number; closed: number; overdue: number; alerted: number };
  recipients: string[];
  outcome: 'sent' | 'already-sent' | 'no-recipient';
}

const DAY_MS = 86_400_000;
const openStatuses = ['accepted', 'assigned', 'replied'];

function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function createDailyReportActivities({ prisma, mailer, settings }: { prisma: PrismaClient; mailer: Mailer; settings: NoticeSettings }) {
  async function departmentNames(): Promise<Map<string, string>> {
    const rows = await prisma.department.findMany({ select: { code: true, name: true } });
    return new Map(rows.map((d) => [d.code, d.name]));
  }

  /** Mails the leadership the day's new, closed, overdue and alerted petitions, or a zero report; once per day. */
  async function sendDailyReport(request: DailyReportRequest): Promise<DailyReportOutcome> {
    const windowEnd = new Date(request.at);
    const windowStart = new Date(windowEnd.getTime() - DAY_MS);
    const day = shanghaiDay(windowEnd);
    const window = { gt: windowStart, lte: windowEnd };
    const select = { id: true, number: true, category: true, status: true, leadDepartment: true, peopleCount: true, dueAt: true } as const;
    const [fresh, closed, overdue, alertNotices, names, leaders] = await Promise.all([
      prisma.petition.findMany({ where: { registeredAt: window }, select, orderBy: { number: 'asc' } }),
      prisma.petition.findMany({ where: { closedAt: window }, select, orderBy: { number: 'asc' } }),
      prisma.petition.findMany({
        // Past due at the report's instant (not merely flagged), so a report for any day lists what was overdue then.
        where: { status: { in: openStatuses }, dueAt: { lt: windowEnd } },
        select,
        orderBy: { dueAt: 'asc' },
      }),
      prisma.notification.findMany({ where: { createdAt: window, template: { contains: 'alert' } }, select: { petitionId: true } }),
      departmentNames(),
      prisma.staffMember.findMany({ where: { role: { in: ['leader', 'president'] }, active: true }, select: { email: true }, orderBy: { id: 'asc' } }),
    ]);
    const alertedIds = new Set(alertNotices.map((n) => n.petitionId));
    const alerted = fresh.filter((p) => p.peopleCount >= collectivePetitionThreshold || alertedIds.has(p.id));
    const missing = [...alertedIds].filter((id) => !alerted.some((p) => p.id === id));
    if (missing.length > 0) alerted.push(...(await prisma.petition.findMany({ where: { id: { in: missing } }, select })));

    const item = (p: (typeof fresh)[number]): DailyReportItem => ({
      number: p.number,
      category: isCategory(p.category) ? categories[p.category].label : p.category,
      status: statuses[p.status as PetitionStatus] ?? p.status,
      department: p.leadDepartment ? names.get(p.leadDepartment) ?? p.leadDepartment : undefined,
      note: p.peopleCount >= collectivePetitionThreshold ? `集体访 ${p.peopleCount} 人` : undefined,
    });
    const data = {
      day,
      windowStart,
      windowEnd,
      hospitalName: settings.hospitalName,
      consoleUrl: `${settings.publicBaseUrl}/console`,
      sections: { newPetitions: fresh.map(item), closed: closed.map(item), overdue: overdue.map(item), alerted: alerted.map(item) },
    };
    const zero = isZeroReport(data);
    const counts = { newPetitions: fresh.length, closed: closed.length, overdue: overdue.length, alerted: alerted.length };
    const recipients = [...new Set(leaders.map((l) => l.email))];
    const result = (outcome: DailyReportOutcome['outcome']): DailyReportOutcome => ({ day, zero, counts, recipients, outcome });

    if (await prisma.dailyReport.findUnique({ where: { day } })) return result('already-sent');
    if (recipients.length === 0) return result('no-recipient');
    const mail = renderDailyReport(data);
    await mailer.send({ to: recipients.join(', '), subject: mail.subject, text: mail.text, html: mail.html, idempotencyKey: `daily-report:${day}` });
    await prisma.dailyReport.upsert({
      where: { day },
      create: { day, zero, summary: counts, recipient: recipients.join(', ') },
      update: {},
    });
    return result('sent');
  }

  return { sendDailyReport };
}
