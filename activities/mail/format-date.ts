/**
 * Dates in notices are read by people in China, so they are always shown in Beijing time, whatever the host's zone.
 * China has kept a fixed UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date we handle
 * and keeps these functions pure (no dependence on the host's ICU data or TZ setting). The arithmetic is
 * workflows/domain/shanghai.ts's; a due instant is worded by workflows/domain/due.ts (24:00 of its last day).
 */
import { formatDueMoment } from '../../workflows/domain/due';
import { shanghaiClock, type ShanghaiClock } from '../../workflows/domain/shanghai';

function toShanghaiClock(date: Date): ShanghaiClock {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot format an invalid Date');
  return shanghaiClock(date);
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

/** A due instant: "2026年12月10日24时" at the end of a day (never the next day's 00:00), else "2026年11月23日 18:00". */
export function formatShanghaiDue(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot format an invalid Date');
  return formatDueMoment(date);
}
