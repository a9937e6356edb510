/**
 * The outbox's quiet hours (activities/mail/staff-notice-hours.ts): a staff notice raised at 24:00, an evening, a
 * weekend or a holiday waits for 08:30 of the next working day on the calendar (调休 included); petitioner notices
 * and the urgent kinds go at once.
 */
import { deliveryTime, type StaffNoticeHours } from '../../activities/mail/staff-notice-hours';
import { createWorkCalendar } from '../../workflows/deadlines';

const hours: StaffNoticeHours = { from: '08:30', until: '17:30', urgentKinds: ['leadershipAlert'] };
const calendar = createWorkCalendar();
/** A Beijing wall-clock time as an instant. */
const beijing = (text: string) => new Date(`${text}+08:00`);

describe('when a queued notice may be mailed', () => {
  test('a reminder raised at 24:00 on a working night waits for 08:30 that morning', () => {
    // 2026-12-03 00:00 is a Thursday.
    const held = deliveryTime('reminder', beijing('2026-12-03T00:00:00'), hours, calendar);
    expect(held.notBefore).toEqual(beijing('2026-12-03T08:30:00'));
    expect(held.heldReason).toBe('非工作时间，顺延至2026年12月3日 08:30发送');
  });

  test('within working hours it goes at once', () => {
    const at = beijing('2026-12-03T10:15:00');
    expect(deliveryTime('escalation', at, hours, calendar)).toEqual({ notBefore: at });
  });

  test('an escalation raised on a Friday evening waits for Monday 08:30', () => {
    expect(deliveryTime('escalation', beijing('2026-12-04T18:00:00'), hours, calendar).notBefore).toEqual(beijing('2026-12-07T08:30:00'));
  });

  test('the 国庆 holiday is skipped, and a 调休 Saturday is a working day', () => {
    // 2026 (chinese-days' schedule): 10月1日–7日 off; Saturday 10月10日 is worked.
    expect(deliveryTime('reminder', beijing('2026-10-01T00:00:00'), hours, calendar).notBefore).toEqual(beijing('2026-10-08T08:30:00'));
    expect(deliveryTime('reminder', beijing('2026-10-09T20:00:00'), hours, calendar).notBefore).toEqual(beijing('2026-10-10T08:30:00'));
  });

  test('petitioner notices and urgent kinds are never held', () => {
    const night = beijing('2026-12-05T23:00:00');
    expect(deliveryTime('acceptance', night, hours, calendar)).toEqual({ notBefore: night });
    expect(deliveryTime('leadershipAlert', night, hours, calendar)).toEqual({ notBefore: night });
  });

  test('without hours (STAFF_NOTICE_HOURS=always) everything goes at once', () => {
    const night = beijing('2026-12-05T23:00:00');
    expect(deliveryTime('escalation', night, undefined, calendar)).toEqual({ notBefore: night });
  });
});
