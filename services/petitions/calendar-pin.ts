import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { takeCalendarSnapshot, type CalendarData } from '../../workflows/deadlines';
import { shanghaiDayOf, yearOf } from '../../workflows/domain/shanghai';
import { presumedStatutoryHolidays } from '../calendar-presumed';
import { loadScheduleSupplements } from '../calendar-supplements';

/** How many years past the receipt year a petition's deadlines may reach (handling, extension, two reviews). */
const YEARS_AHEAD = 2;

/** What the supplement files are now (name, size, modification time): when it changes, the snapshots are taken anew. */
function supplementsStamp(directory: string): string {
  if (!existsSync(directory)) return '';
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const stat = statSync(path.join(directory, name));
      return `${name}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
}

/**
 * The calendar a new petition is pinned to: the official schedule, the supplements in config/calendar and the
 * hospital's closures as they are at registration, so editing the files never moves a running deadline. The snapshot
 * of a receipt year is computed once and kept until a supplement file is added, removed or changed (one directory
 * listing per registration instead of reading and validating every file and rebuilding the calendar). Years that
 * have no official schedule get the statutory holidays presumed from the 放假办法 (services/calendar-presumed.ts).
 * The supplements are read once here, so a malformed file stops the process at start, never a petition's start.
 */
export function calendarPinner(closures: readonly string[], supplementsDirectory: string): (receivedAt: Date) => CalendarData {
  loadScheduleSupplements(supplementsDirectory);
  let stamp: string | undefined;
  const byYear = new Map<number, CalendarData>();
  return (receivedAt) => {
    const now = supplementsStamp(supplementsDirectory);
    if (now !== stamp) {
      byYear.clear();
      stamp = now;
    }
    const year = yearOf(shanghaiDayOf(receivedAt));
    let snapshot = byYear.get(year);
    if (!snapshot) {
      const years = Array.from({ length: YEARS_AHEAD + 1 }, (_, offset) => year + offset);
      snapshot = takeCalendarSnapshot({ closures, supplements: loadScheduleSupplements(supplementsDirectory), years, presumeHolidays: presumedStatutoryHolidays });
      byYear.set(year, snapshot);
    }
    return snapshot;
  };
}
