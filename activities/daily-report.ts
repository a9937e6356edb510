import type { PrismaClient } from '../generated/prisma/client';
import { categories, collectivePetitionThreshold, isCategory, statuses, type PetitionStatus } from '../workflows/domain/catalog';
import { finishedAt } from '../workflows/domain/closure';
import { daysLate, INTAKE_LABEL, overdueDeadlines, responsibleFor, type DeadlineFact } from '../workflows/domain/overdue';
import { petitionFactsOf } from '../workflows/domain/recorded-facts';
import { DAY_MS, shanghaiDate } from '../workflows/domain/shanghai';
import type { Mailer } from './mail/mailer';
import { renderDailyReport, isZeroReport, type DailyReportItem } from './daily-report-mail';
import type { NoticeSettings } from './settings';
import type { DailyReportActivities, DailyReportOutcome, DailyReportRequest } from '../workflows/activity-contracts/daily-report';
import { untilStored } from './mail/until-stored';

const earliest = (deadlines: DeadlineFact[]) => Math.min(...deadlines.map((d) => Date.parse(d.dueAt)));
const factColumns = { status: true, leadDepartment: true, dueAt: true, overdue: true, closedAt: true, receivedAt: true, deadlines: true } as const;

/**
 * The month's 考核 红黑榜 in one line at an instant, or nothing when no department is ranked. The composition root hands
 * in services/reports/accountability.ts; activities never import services/.
 */
export type AccountabilityLine = (at: Date) => Promise<string | undefined>;

export interface DailyReportDependencies {
  prisma: PrismaClient;
  mailer: Mailer;
  settings: NoticeSettings;
  /** Without it the report carries no 考核 line. */
  accountability?: AccountabilityLine;
  /** A missing State Council holiday schedule in staff words (services/calendar-supplements.ts), when one is. */
  calendarReminder?: (at: Date) => string | undefined;
}

export function createDailyReportActivities({ prisma, mailer, settings, accountability, calendarReminder }: DailyReportDependencies): DailyReportActivities {
  async function departmentNames(): Promise<Map<string, string>> {
    const rows = await prisma.department.findMany({ select: { code: true, name: true } });
    return new Map(rows.map((d) => [d.code, d.name]));
  }

  /** Mails the leadership the day's new, closed, overdue and alerted petitions, or a zero report; once per day. */
  async function sendDailyReport(request: DailyReportRequest): Promise<DailyReportOutcome> {
    const windowEnd = new Date(request.at);
    const windowStart = new Date(windowEnd.getTime() - DAY_MS);
    const day = shanghaiDate(windowEnd);
    const window = { gt: windowStart, lte: windowEnd };
    const select = { id: true, number: true, category: true, status: true, leadDepartment: true, peopleCount: true, dueAt: true } as const;
    const [fresh, closed, candidates, alertNotices, names, leaders] = await Promise.all([
      prisma.petition.findMany({ where: { registeredAt: window }, select, orderBy: { number: 'asc' } }),
      // 办结 in the window (workflows/domain/closure.ts): fed back, or archived after acceptance; a decline is not.
      prisma.petition.findMany({
        where: { events: { some: { type: { in: ['fed_back', 'archived'] }, occurredAt: window } } },
        select: { ...select, events: { where: { type: { in: ['accepted', 'fed_back', 'archived'] } }, select: { type: true, occurredAt: true } } },
        orderBy: { number: 'asc' },
      }).then((rows) => rows.filter((p) => {
        const at = (type: string) => p.events.find((e) => e.type === type)?.occurredAt;
        const finished = finishedAt({ acceptedAt: at('accepted'), fedBackAt: at('fed_back'), archivedAt: at('archived') });
        return finished !== null && finished > windowStart && finished <= windowEnd;
      })),
      // Overdue at the report's instant (workflows/domain/overdue.ts), so a report for any day lists what was overdue then.
      prisma.petition.findMany({
        where: { registeredAt: { lte: windowEnd }, OR: [{ closedAt: null }, { closedAt: { gt: windowEnd } }] },
        select: { ...select, ...factColumns },
        orderBy: { number: 'asc' },
      }),
      prisma.notification.findMany({ where: { createdAt: window, template: { contains: 'alert' } }, select: { petitionId: true } }),
      departmentNames(),
      prisma.staffMember.findMany({ where: { role: { in: ['leader', 'president'] }, active: true }, select: { email: true }, orderBy: { id: 'asc' } }),
    ]);
    const overdue = candidates
      .map((p) => ({ p, late: overdueDeadlines(petitionFactsOf(p), windowEnd) }))
      .filter(({ late }) => late.length > 0)
      .sort((a, b) => earliest(a.late) - earliest(b.late) || a.p.number.localeCompare(b.p.number));
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
    /** Whom the overdue stages blame: 信访办 for acceptance, the department for 签收, handling and the review answer. */
    const overdueItem = (p: (typeof fresh)[number], late: DeadlineFact[]): DailyReportItem => ({
      ...item(p),
      department: [...new Set(late.map((d) => responsibleFor(d).department ?? INTAKE_LABEL))].map((code) => names.get(code) ?? code).join('、'),
      // Days late counted as the console counts them (已超期 N 天), never "超期0天" on the day it passed.
      note: late.map((d) => `${responsibleFor(d).stageLabel}超期${daysLate(d.dueAt, windowEnd)}天`).join('、'),
    });
    const data = {
      day,
      windowStart,
      windowEnd,
      hospitalName: settings.hospitalName,
      consoleUrl: `${settings.publicBaseUrl}/console`,
      sections: { newPetitions: fresh.map(item), closed: closed.map(item), overdue: overdue.map(({ p, late }) => overdueItem(p, late)), alerted: alerted.map(item) },
      accountability: accountability ? await accountability(windowEnd) : undefined,
      calendar: calendarReminder?.(windowEnd),
    };
    const zero = isZeroReport(data);
    const counts = { newPetitions: fresh.length, closed: closed.length, overdue: overdue.length, alerted: alerted.length };
    const recipients = [...new Set(leaders.map((l) => l.email))];
    const result = (outcome: DailyReportOutcome['outcome']): DailyReportOutcome => ({ day, zero, counts, recipients, outcome });

    if (await prisma.dailyReport.findUnique({ where: { day } })) return result('already-sent');
    if (recipients.length === 0) return result('no-recipient');
    const mail = renderDailyReport(data);
    await mailer.send({ to: recipients.join(', '), subject: mail.subject, text: mail.text, html: mail.html, idempotencyKey: `daily-report:${day}` });
    await untilStored(() =>
      prisma.dailyReport.upsert({
        where: { day },
        create: { day, zero, summary: counts, recipient: recipients.join(', ') },
        update: {},
      }),
    );
    return result('sent');
  }

  return { sendDailyReport };
}
