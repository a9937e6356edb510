/**
 * "Time left" in Chinese, worded once: "剩余 2 天 5 小时" while a deadline runs, "已超期 3 天" once it has passed.
 * Far-off dates read in whole days or years ("剩余 120 天", "剩余 3 年以上"); a view decides whether a deadline is
 * overdue with workflows/domain/overdue.ts, this only words the distance to its due instant. Safe in workflows.
 */
import { DAY_MS, toEpochMs, type InstantLike } from './shanghai';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Beyond this many days the hours no longer matter. */
const WHOLE_DAYS_FROM = 30;
const DAYS_PER_YEAR = 365;

/** Whole days since the due instant (0 on the day it passed); negative while it has not passed. */
export function overdueDays(dueAt: InstantLike, now: InstantLike): number {
  return Math.floor((toEpochMs(now) - toEpochMs(dueAt)) / DAY_MS);
}

function span(abs: number): string {
  const days = Math.floor(abs / DAY_MS);
  const hours = Math.floor((abs % DAY_MS) / HOUR_MS);
  if (days >= DAYS_PER_YEAR) return `${Math.floor(days / DAYS_PER_YEAR)} 年以上`;
  if (days >= WHOLE_DAYS_FROM) return `${days} 天`;
  if (days > 0) return `${days} 天 ${hours} 小时`;
  return `${hours} 小时 ${Math.floor((abs % HOUR_MS) / MINUTE_MS)} 分`;
}

/** "剩余 3 天 4 小时" / "剩余 0 小时 20 分" / "剩余 120 天"; "已超期 0 小时 30 分" / "已超期 2 天" once past. */
export function describeTimeLeft(dueAt: InstantLike, now: InstantLike): string {
  const ms = toEpochMs(dueAt) - toEpochMs(now);
  if (ms >= 0) return `剩余 ${span(ms)}`;
  const late = -ms;
  return late >= DAY_MS ? `已超期 ${Math.floor(late / DAY_MS)} 天` : `已超期 ${span(late)}`;
}
