import { takeCalendarSnapshot, type CalendarData } from '../../workflows/deadlines';
import { shanghaiDayOf, yearOf } from '../../workflows/domain/shanghai';
import { loadScheduleSupplements } from '../calendar-supplements';

/** How many years past the receipt year a petition's deadlines may reach (handling, extension, two reviews). */
const YEARS_AHEAD = 2;

/**
 * The calendar a new petition is pinned to: the official schedule, the supplements in config/calendar and the
 * hospital's closures as they are at registration. Read once per registration, so editing the files never moves a
 * running deadline.
 */
export function calendarPinner(closures: readonly string[], supplementsDirectory: string): (receivedAt: Date) => CalendarData {
  return (receivedAt) => {
    const year = yearOf(shanghaiDayOf(receivedAt));
    const years = Array.from({ length: YEARS_AHEAD + 1 }, (_, offset) => year + offset);
    return takeCalendarSnapshot({ closures, supplements: loadScheduleSupplements(supplementsDirectory), years });
  };
}
