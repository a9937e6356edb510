/**
 * Adopting a year's official holiday schedule for the petitions already running (issue 16, "calendar adoption"):
 * the year's file in config/calendar is validated, compared with what the running petitions counted meanwhile (the
 * holidays presumed from the 放假办法, services/calendar-presumed.ts), and then every running petition whose calendar
 * reaches that year gets the adoptCalendar Update (workflows/petition/calendar-adoption.ts) with its calendar taken
 * anew. One audit row records who adopted which year, from which source, and what moved. New petitions take the file
 * without this step (their snapshot is taken at registration).
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import type { CalendarData } from '../workflows/deadlines';
import { petitionWorkflowId } from '../workflows/ids';
import { updateEachRunning } from './petitions/update-each-running';
import { adoptCalendarUpdate } from '../workflows/petition/calendar-adoption';
import { petitionStateQuery } from '../workflows/petition/messages';
import { recordAudit } from './audit/audit-trail';
import { presumedStatutoryHolidays } from './calendar-presumed';
import { loadScheduleSupplements } from './calendar-supplements';

export interface CalendarAdoptionContext {
  prisma: PrismaClient;
  temporal: Client;
  /** The calendar a petition received at that instant counts with now (services/petitions/calendar-pin.ts). */
  calendarSnapshot: (receivedAt: Date) => CalendarData;
  /** config/calendar. */
  supplementsDirectory: string;
}

/** What the official schedule changes against the presumption the running petitions counted with. */
export interface ScheduleDiff {
  year: number;
  source: string;
  /** Official rest days that were not presumed (bridging days of 春节, 国庆 …). */
  addedHolidays: string[];
  /** Presumed holidays the schedule does not have (it should be none). */
  droppedHolidays: string[];
  /** 调休: weekend days that are working days. */
  makeUpWorkdays: string[];
}

export interface AdoptionReport {
  diff: ScheduleDiff;
  petitions: number;
  adopted: Array<{ number: string; moved: Array<{ deadlineId: string; previousDueAt: string; dueAt: string }> }>;
  /** Already on the year's schedule, archived, or not running: nothing to do. */
  unchanged: string[];
}

export class CalendarAdoptionRefused extends Error {}

/** The year's schedule file against the presumption; refused when config/calendar has no file for the year. */
export function scheduleDiff(supplementsDirectory: string, year: number): ScheduleDiff {
  const supplement = loadScheduleSupplements(supplementsDirectory).find((s) => s.year === year);
  if (!supplement) throw new CalendarAdoptionRefused(`config/calendar 中没有${year}年的日历文件（${year}.json），请先按国务院办公厅通知补充`);
  const presumed = year >= 2025 ? Object.keys(presumedStatutoryHolidays(year)) : [];
  const official = Object.keys(supplement.holidays);
  return {
    year,
    source: supplement.source,
    addedHolidays: official.filter((date) => !presumed.includes(date)).sort(),
    droppedHolidays: presumed.filter((date) => !official.includes(date)).sort(),
    makeUpWorkdays: Object.keys(supplement.workdays).sort(),
  };
}

export async function adoptCalendarYear(context: CalendarAdoptionContext, request: { year: number; actor: string }): Promise<AdoptionReport> {
  const { year, actor } = request;
  const diff = scheduleDiff(context.supplementsDirectory, year);
  // A petition's snapshot covers its receipt year and the two after it (calendar-pin.ts).
  const running = await context.prisma.petition.findMany({
    where: { workflowStarted: true, status: { not: 'archived' }, receivedAt: { gte: new Date(`${year - 3}-12-31T16:00:00Z`), lt: new Date(`${year}-12-31T16:00:00Z`) } },
    select: { number: true, receivedAt: true },
    orderBy: { number: 'asc' },
  });
  const report: AdoptionReport = { diff, petitions: running.length, adopted: [], unchanged: [] };
  await updateEachRunning(
    running,
    async (next) => {
      const calendar = context.calendarSnapshot(next.receivedAt);
      if (!calendar.officialYears.includes(year)) return false;
      const handle = context.temporal.workflow.getHandle(petitionWorkflowId(next.number));
      await handle.executeUpdate(adoptCalendarUpdate, { args: [{ actor, year, source: diff.source, calendar }] });
      // The Update answers the small result; the recounts (previous and new due instants) are read from the state.
      const state = await handle.query(petitionStateQuery);
      const event = [...state.timeline].reverse().find((entry) => entry.type === 'calendar_adopted');
      const moved = (state.deadlines ?? [])
        .flatMap((record) => record.deadline.adjustments.filter((a) => a.kind === 'recalculation' && a.year === year).map((a) => ({ record, a })))
        .filter(({ a }) => new Date(a.previousDueAt).getTime() !== new Date(a.dueAt).getTime())
        .map(({ record, a }) => ({ deadlineId: record.id, previousDueAt: new Date(a.previousDueAt).toISOString(), dueAt: new Date(a.dueAt).toISOString() }));
      report.adopted.push({ number: next.number, moved: event ? moved : [] });
      return true;
    },
    (next) => report.unchanged.push(next.number),
  );
  report.adopted.sort((a, b) => a.number.localeCompare(b.number));
  report.unchanged.sort();
  const movedCount = report.adopted.reduce((sum, p) => sum + p.moved.length, 0);
  await recordAudit(context.prisma, {
    actor,
    action: 'calendar.adopt',
    outcome: 'ok',
    detail: `${year}年日历（${diff.source}）：运行中事项${report.petitions}件，重算${report.adopted.length}件，期限变更${movedCount}项；新增休息日${diff.addedHolidays.length}天，调休上班日${diff.makeUpWorkdays.length}天`,
  });
  return report;
}
