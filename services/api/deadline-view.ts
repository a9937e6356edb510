import { describeInstant } from '../../workflows/deadlines';
import type { DeadlineRecord, PetitionState } from '../../workflows/petition/messages';

const KIND_LABELS: Record<DeadlineRecord['kind'], string> = {
  acceptance: '受理期限',
  acknowledgement: '签收期限',
  handling: '办理期限',
  reviewRequest: '申请复查（复核）期限',
  reviewAnswer: '复查（复核）答复期限',
};

const STATUS_LABELS: Record<DeadlineRecord['status'], string> = {
  open: '计时中',
  met: '已按期完成',
  overdue: '已超期',
  cancelled: '已取消',
  lapsed: '已届满',
};

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
      kindLabel: KIND_LABELS[record.kind],
      department: record.department ?? null,
      stage: record.stage ?? null,
      status: record.status,
      statusLabel: record.pausedAt ? '暂停计时（补充材料）' : STATUS_LABELS[record.status],
      paused: Boolean(record.pausedAt),
      dueAt: record.dueAt,
      dueAtShanghai: describeInstant(record.dueAt),
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
