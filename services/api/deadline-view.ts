/** The deadlines of a petition as the API shows them; labels and the due display are the domain's (workflows/domain). */
import { describeInstant } from '../../workflows/deadlines';
import { formatDue } from '../../workflows/domain/due';
import { deadlineLabel, deadlineStatusLabels } from '../../workflows/domain/overdue';
import type { DeadlineRecord, PetitionState } from '../../workflows/petition/messages';

export interface DeadlineView {
  id: string;
  kind: DeadlineRecord['kind'];
  kindLabel: string;
  department: string | null;
  stage: string | null;
  status: DeadlineRecord['status'];
  statusLabel: string;
  paused: boolean;
  dueAt: string;
  dueAtShanghai: string;
  dueDisplay: string;
  /** Milliseconds until due (negative when passed) while the deadline runs; null once it is closed or paused. */
  timeLeftMs: number | null;
  rule: string;
  explanation: string;
  startAt: string;
  countedDays: { amount: number; unit: string; countedFrom: string };
  skippedHolidays: string[];
  makeUpWorkdays: string[];
  closures: string[];
  adjustments: unknown[];
  calendarVersion: string;
  fallbackYears: number[];
  warnings: string[];
}

/** The deadlines of GET /api/petitions/:number: the rule, how it was counted and the time left. */
export function describeDeadlines(state: PetitionState | null, now: Date): DeadlineView[] {
  return (state?.deadlines ?? []).map((record) => {
    const running = (record.status === 'open' || record.status === 'overdue') && !record.pausedAt;
    const d = record.deadline;
    return {
      id: record.id,
      kind: record.kind,
      kindLabel: deadlineLabel(record),
      department: record.department ?? null,
      stage: record.stage ?? null,
      status: record.status,
      // A 听证 on the authority's review deadline says so; every other pause is 补充材料.
      statusLabel: record.pausedAt ? (record.pauseBasis ? '暂停计时（听证）' : '暂停计时（补充材料）') : deadlineStatusLabels[record.status],
      paused: Boolean(record.pausedAt),
      dueAt: record.dueAt,
      dueAtShanghai: describeInstant(record.dueAt),
      /** "2026-12-10 24:00": the last day, never the next day's 00:00. */
      dueDisplay: formatDue(record.dueAt),
      timeLeftMs: running ? Date.parse(record.dueAt) - now.getTime() : null,
      rule: d.rule,
      explanation: d.explanation,
      startAt: new Date(d.startAt).toISOString(),
      countedDays: { amount: d.amount, unit: d.unit, countedFrom: d.countedFrom },
      skippedHolidays: d.skippedHolidays,
      makeUpWorkdays: d.makeUpWorkdays,
      closures: d.closures,
      adjustments: d.adjustments,
      calendarVersion: d.calendarVersion,
      fallbackYears: d.fallbackYears,
      warnings: d.warnings,
    };
  });
}

/** Every distinct calendar warning (a year counted without its official schedule), for the page header. */
export function calendarWarnings(views: DeadlineView[]): string[] {
  return [...new Set(views.filter((v) => v.status === 'open' || v.status === 'overdue').flatMap((v) => v.warnings))];
}
