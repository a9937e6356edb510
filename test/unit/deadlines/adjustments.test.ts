import {
  checkExtension,
  computeDeadline,
  createWorkCalendar,
  deadlineForLimit,
  extendDeadline,
  loadPolicy,
  pauseDeadline,
  resumeDeadline,
} from '../../../workflows/deadlines';
import { endOfShanghaiDay, shanghai } from './shanghai';

const calendar = createWorkCalendar();
const xinfang = loadPolicy('xinfang-2022');
// 60 days from acceptance on Monday 2026-06-01 end on Friday 2026-07-31
const handling = () => deadlineForLimit(xinfang, xinfang.limits.handling, shanghai('2026-06-01 10:00'), calendar);

describe('pausing the clock (补充材料)', () => {
  it('calendar days: the pause day is used, the resume day is not counted', () => {
    const original = handling();
    expect(original.dueDate).toBe('2026-07-31');
    const paused = pauseDeadline(original, shanghai('2026-06-10 10:00'), calendar);
    expect(paused.remaining).toEqual({ amount: 51, unit: 'calendarDays' });
    const resumed = resumeDeadline(paused, shanghai('2026-06-20 15:00'), calendar);
    // 06-20 + 51 days = 08-10 (Monday)
    expect(resumed.dueDate).toBe('2026-08-10');
    expect(resumed.rule).toBe(original.rule);
    expect(resumed.startAt).toEqual(original.startAt);
    expect(resumed.adjustments).toEqual([
      { kind: 'pause', pausedAt: shanghai('2026-06-10 10:00'), resumedAt: shanghai('2026-06-20 15:00'), previousDueAt: original.dueAt, dueAt: resumed.dueAt },
    ]);
    expect(resumed.explanation).toContain('补充材料：2026-06-10 10:00暂停计时，剩余51日');
  });

  it('a pause and resume on the same Shanghai day changes nothing', () => {
    const original = handling();
    const resumed = resumeDeadline(pauseDeadline(original, shanghai('2026-06-10 09:00'), calendar), shanghai('2026-06-10 17:00'), calendar);
    expect(resumed.dueAt).toEqual(original.dueAt);
  });

  it('working days: the remaining working days restart after the resume day', () => {
    const original = computeDeadline({ start: shanghai('2026-03-02 09:00'), amount: 5, unit: 'workingDays', calendar });
    expect(original.dueDate).toBe('2026-03-09'); // 03-03, 04, 05, 06, 09
    const paused = pauseDeadline(original, shanghai('2026-03-04 16:00'), calendar);
    expect(paused.remaining).toEqual({ amount: 3, unit: 'workingDays' }); // 03-05, 06, 09 unused
    const resumed = resumeDeadline(paused, shanghai('2026-03-11 10:00'), calendar);
    expect(resumed.dueDate).toBe('2026-03-16'); // 03-12, 13, 16
    expect(resumed.skippedWeekends).toEqual(['2026-03-14', '2026-03-15']);
  });

  it('pausing after the due instant does not revive an overdue item', () => {
    const original = handling();
    const paused = pauseDeadline(original, endOfShanghaiDay('2026-07-31'), calendar);
    expect(paused.remaining).toBeNull();
    const resumed = resumeDeadline(paused, shanghai('2026-08-20 10:00'), calendar);
    expect(resumed.dueAt).toEqual(original.dueAt);
    expect(resumed.warnings.join()).toContain('已超期');
  });

  it('refuses a resume before the pause', () => {
    const paused = pauseDeadline(handling(), shanghai('2026-06-10 10:00'), calendar);
    expect(() => resumeDeadline(paused, shanghai('2026-06-09 10:00'), calendar)).toThrow();
  });
});

describe('deadlines that crossed a Temporal payload (Dates became ISO strings)', () => {
  it('can still be paused, resumed and extended', () => {
    const original = handling();
    const roundTripped = JSON.parse(JSON.stringify(original));
    const resumed = resumeDeadline(pauseDeadline(roundTripped, '2026-06-10T02:00:00.000Z', calendar), '2026-06-20T07:00:00.000Z', calendar);
    expect(resumed.dueDate).toBe('2026-08-10');
    expect(resumed.startAt).toEqual(original.startAt);
    expect(extendDeadline(roundTripped, { amount: 30, unit: 'calendarDays' }, calendar).dueAt).toEqual(endOfShanghaiDay('2026-08-31'));
  });
});

describe('approved extensions (延期)', () => {
  it('adds 30 days after the current due day by the same rules (rolled over from a Sunday)', () => {
    const extended = extendDeadline(handling(), { amount: 30, unit: 'calendarDays', reason: '需调取外院病历' }, calendar);
    // 07-31 + 30 = 08-30 (Sunday) → 08-31
    expect(extended.rolledOverFrom).toBe('2026-08-30');
    expect(extended.dueDate).toBe('2026-08-31');
    expect(extended.rule).toBe('信访工作条例：受理后60日内办结；经批准延长30日');
    expect(extended.adjustments[0]).toMatchObject({ kind: 'extension', amount: 30, reason: '需调取外院病历' });
  });

  it('xinfang-2022 allows at most 30 days, with a reason', () => {
    const current = handling();
    expect(checkExtension(xinfang, current, { amount: 30, unit: 'calendarDays', reason: '情况复杂' }, calendar).allowed).toBe(true);
    // 31 days end on Monday 08-31, the same instant as 30 days rolled over from Sunday — still more than 30 days
    expect(checkExtension(xinfang, current, { amount: 31, unit: 'calendarDays', reason: '情况复杂' }, calendar)).toMatchObject({ allowed: false });
    // across units the due instants are compared: 21 working days (all of August 2026) end at 24:00 08-31 too
    expect(checkExtension(xinfang, current, { amount: 21, unit: 'workingDays', reason: '情况复杂' }, calendar)).toMatchObject({ allowed: true });
    expect(checkExtension(xinfang, current, { amount: 22, unit: 'workingDays', reason: '情况复杂' }, calendar)).toMatchObject({ allowed: false });
    expect(checkExtension(xinfang, current, { amount: 10, unit: 'calendarDays' }, calendar)).toEqual({ allowed: false, reason: '延期须说明理由' });
  });

  it('hospital-example caps the whole period at 60 days from acceptance', () => {
    const hospital = loadPolicy('hospital-example');
    const current = deadlineForLimit(hospital, hospital.limits.handling, shanghai('2026-06-01 10:00'), calendar);
    expect(current.dueDate).toBe('2026-07-01');
    expect(checkExtension(hospital, current, { amount: 30, unit: 'calendarDays', reason: '情况复杂' }, calendar)).toMatchObject({ allowed: true });
    // 07-01 + 31 = 08-01 (Saturday) → 08-03, beyond 60 days (07-31)
    expect(checkExtension(hospital, current, { amount: 31, unit: 'calendarDays', reason: '情况复杂' }, calendar)).toMatchObject({ allowed: false });
  });

  it('complaint-2019 has no extension', () => {
    const complaint = loadPolicy('complaint-2019');
    const current = deadlineForLimit(complaint, complaint.limits.handling, shanghai('2026-03-02 09:00'), calendar);
    expect(checkExtension(complaint, current, { amount: 1, unit: 'workingDays', reason: 'x' }, calendar).allowed).toBe(false);
  });
});
