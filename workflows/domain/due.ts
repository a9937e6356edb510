/**
 * The due instant and how it is shown. A period that ends with a day ends at 24:00 of that day in Beijing time, which
 * is stored as 00:00 of the next day; people must see the last day itself ("2026年12月10日24时前", "2026-12-10 24:00"),
 * never the next day's 00:00. A due instant set to a time of day (a date on an assignment slip) shows that time.
 */
import {
  chineseDay,
  type DayNumber,
  describeInstant,
  type InstantLike,
  isoDate,
  isShanghaiMidnight,
  parseIsoDate,
  shanghaiClock,
  shanghaiDayOf,
  startOfShanghaiDay,
} from './shanghai';

/** The instant a period ending with `lastDay` runs out: 24:00 of that day (00:00 Shanghai of the next). */
export function dueInstantOfDay(lastDay: DayNumber): Date {
  return startOfShanghaiDay(lastDay + 1);
}

/** The last day on which the matter is still on time (the day at whose 24:00, or during which, it falls due). */
export function dueDayOf(dueAt: InstantLike): DayNumber {
  const day = shanghaiDayOf(dueAt);
  return isShanghaiMidnight(dueAt) ? day - 1 : day;
}

/** "2026-12-10": the last day, for tables that show a date only. */
export function dueDate(dueAt: InstantLike): string {
  return isoDate(dueDayOf(dueAt));
}

/** "2026-12-10 24:00" (or "2026-12-10 15:30" for a due time of day). */
export function formatDue(dueAt: InstantLike): string {
  return isShanghaiMidnight(dueAt) ? `${dueDate(dueAt)} 24:00` : describeInstant(dueAt);
}

/** "2026年12月10日24时" (or "2026年11月23日 18:00" for a due time of day): the moment, for "将于…到期". */
export function formatDueMoment(dueAt: InstantLike): string {
  if (isShanghaiMidnight(dueAt)) return `${chineseDay(dueDayOf(dueAt))}24时`;
  const clock = shanghaiClock(dueAt);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${chineseDay(dueDayOf(dueAt))} ${two(clock.hours)}:${two(clock.minutes)}`;
}

/** "2026年12月10日24时前" (or "2026年11月24日 00:30前"), for letters and notices. */
export function formatDueChinese(dueAt: InstantLike): string {
  return `${formatDueMoment(dueAt)}前`;
}

/** Nullable variants for views whose rows may have no due time. */
export function formatDueOrEmpty(dueAt: InstantLike | null | undefined): string {
  return dueAt === null || dueAt === undefined ? '' : formatDue(dueAt);
}

/** The due instant of a "YYYY-MM-DD" Shanghai date (24:00 of it) as ISO; an impossible date is returned unchanged. */
export function endOfShanghaiDate(date: string): string {
  try {
    return dueInstantOfDay(parseIsoDate(date)).toISOString();
  } catch {
    return date;
  }
}
