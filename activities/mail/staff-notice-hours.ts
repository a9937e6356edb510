/**
 * When a queued notice may be mailed (the outbox's quiet hours). Every period ends at 24:00, so a night's reminders
 * and escalations are raised at one instant; staff expect them when they start work, not at midnight. A notice to
 * staff raised outside working hours (from–until on a working day of the calendar: weekends, holidays, 调休 and the
 * hospital's closures) waits until `from` of the next working day, Beijing time. Petitioner notices and the urgent
 * kinds go at once. The overdue mark never waits: only the mail does.
 */
import type { WorkCalendar } from '../../workflows/deadlines';
import { noticeKinds, type NoticeKind } from '../../workflows/domain/notices';
import { chineseDay, shanghaiClock, shanghaiDayOf, startOfShanghaiDay } from '../../workflows/domain/shanghai';

export interface StaffNoticeHours {
  /** "08:30" */
  from: string;
  /** "17:30" */
  until: string;
  urgentKinds: readonly NoticeKind[];
}

export interface DeliveryTime {
  notBefore: Date;
  /** Why the notice waits, for the console; absent when it goes at once. */
  heldReason?: string;
}

/** A holiday run is never longer than this; a calendar with no working day in it is broken, not a long holiday. */
const LONGEST_SEARCH_DAYS = 60;

function minutesOf(clockTime: string): number {
  const [hours, minutes] = clockTime.split(':').map(Number);
  return hours * 60 + minutes;
}

/** `hours` undefined: staff notices go at once too (STAFF_NOTICE_HOURS=always). */
export function deliveryTime(kind: NoticeKind, raisedAt: Date, hours: StaffNoticeHours | undefined, calendar: WorkCalendar): DeliveryTime {
  if (!hours || noticeKinds[kind].audience === 'petitioner' || hours.urgentKinds.includes(kind)) return { notBefore: raisedAt };
  const from = minutesOf(hours.from);
  const until = minutesOf(hours.until);
  const today = shanghaiDayOf(raisedAt);
  const clock = shanghaiClock(raisedAt);
  const minuteOfDay = clock.hours * 60 + clock.minutes;
  const working = (day: number) => calendar.classifyDay(day).working;
  if (working(today) && minuteOfDay >= from && minuteOfDay < until) return { notBefore: raisedAt };
  let day = working(today) && minuteOfDay < from ? today : today + 1;
  for (let searched = 0; !working(day); searched++, day++) {
    if (searched > LONGEST_SEARCH_DAYS) throw new Error(`no working day in the ${LONGEST_SEARCH_DAYS} days after ${chineseDay(today)}`);
  }
  const notBefore = new Date(startOfShanghaiDay(day).getTime() + from * 60_000);
  return { notBefore, heldReason: `非工作时间，顺延至${chineseDay(day)} ${hours.from}发送` };
}
