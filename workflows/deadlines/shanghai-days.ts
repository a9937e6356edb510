/**
 * Civil dates and times in Asia/Shanghai: the one place that knows Beijing time is UTC+8. Shanghai has kept UTC+8
 * without daylight saving since 1991, so plain arithmetic on epoch milliseconds is exact and independent of the
 * host's time zone database — which matters because this runs inside the deterministic Temporal workflow sandbox.
 * Dates are whole day numbers (days since 1970-01-01 on the Shanghai calendar) or "YYYY-MM-DD" strings.
 */
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = MS_PER_DAY;

/** Days since 1970-01-01 (Shanghai civil calendar). */
export type DayNumber = number;

/** A moment in time as callers may hold it: workflow code keeps Dates, payloads that crossed Temporal carry ISO strings. */
export type InstantLike = Date | string | number;

export function toEpochMs(instant: InstantLike): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`不是有效的时间点：${String(instant)}`);
  return ms;
}

export function shanghaiDayOf(instant: InstantLike): DayNumber {
  return Math.floor((toEpochMs(instant) + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The instant 00:00 Shanghai of the given day (equivalently 24:00 of the day before). */
export function startOfShanghaiDay(day: DayNumber): Date {
  return new Date(day * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

export function isoDate(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD strictly (rejects 2026-02-30). */
export function parseIsoDate(text: string): DayNumber {
  const match = ISO_DATE.exec(text);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    const day = ms / MS_PER_DAY;
    if (isoDate(day) === text) return day;
  }
  throw new Error(`日期格式应为 YYYY-MM-DD：${text}`);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** "2026-02-14（星期六）" — for explanations shown to staff. */
export function describeDay(day: DayNumber): string {
  return `${isoDate(day)}（${WEEKDAY_NAMES[weekdayOf(day)]}）`;
}

/** "2026-02-14 23:30" in Shanghai time. */
export function describeInstant(instant: InstantLike): string {
  const shifted = new Date(toEpochMs(instant) + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** "2026-02-14": the Shanghai date an instant falls on. */
export function shanghaiDate(instant: InstantLike): string {
  return isoDate(shanghaiDayOf(instant));
}

/** 00:00 Shanghai at the start of a "YYYY-MM-DD" date. */
export function startOfShanghaiDate(date: string): Date {
  return startOfShanghaiDay(parseIsoDate(date));
}

/** True when the instant is exactly 00:00 Shanghai, i.e. 24:00 of the day before. */
export function isShanghaiMidnight(instant: InstantLike): boolean {
  return (toEpochMs(instant) + SHANGHAI_OFFSET_MS) % MS_PER_DAY === 0;
}

export interface ShanghaiClock {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The wall clock in Beijing time. */
export function shanghaiClock(instant: InstantLike): ShanghaiClock {
  const shifted = new Date(toEpochMs(instant) + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
    seconds: shifted.getUTCSeconds(),
  };
}

/** "2026年11月23日" */
export function chineseDate(instant: InstantLike): string {
  const clock = shanghaiClock(instant);
  return `${clock.year}年${clock.month}月${clock.day}日`;
}

/** "2026年12月10日" for a day number. */
export function chineseDay(day: DayNumber): string {
  return chineseDate(startOfShanghaiDay(day));
}
