/**
 * Dates in notices are read by people in China, so they are always shown in Beijing time, whatever the host's zone.
 * China has kept a fixed UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date we handle
 * and keeps these functions pure (no dependence on the host's ICU data or TZ setting).
 */
const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

interface ShanghaiClock {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function toShanghaiClock(date: Date): ShanghaiClock {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('Cannot format an invalid Date');
  const shifted = new Date(time + SHANGHAI_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
    seconds: shifted.getUTCSeconds(),
  };
}

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** e.g. 2026年11月23日 */
export function formatShanghaiDate(date: Date): string {
  const clock = toShanghaiClock(date);
  return `${clock.year}年${clock.month}月${clock.day}日`;
}

/** e.g. 2026年11月23日 18:00 (or 18:00:05 with `seconds`) */
export function formatShanghaiDateTime(date: Date, options: { seconds?: boolean } = {}): string {
  const clock = toShanghaiClock(date);
  const time = `${twoDigits(clock.hours)}:${twoDigits(clock.minutes)}`;
  const withSeconds = options.seconds ? `${time}:${twoDigits(clock.seconds)}` : time;
  return `${formatShanghaiDate(date)} ${withSeconds}`;
}
