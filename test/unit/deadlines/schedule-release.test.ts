/**
 * The workflow sandbox reads the shipped PRC schedule only for runs without a calendar snapshot (lean workflow,
 * issue 10): the release constants the texts cite match the installed chinese-days, and a run with its snapshot
 * counts, warns and names its calendar without the shipped data ever being read.
 */
import chineseDaysPackage from 'chinese-days/package.json';
import officialSchedule from 'chinese-days/dist/chinese-days.json';
import type { CalendarData } from '../../../workflows/deadlines';
import type { PetitionWorkflowInput } from '../../../workflows/petition/messages';

describe('the shipped schedule in the workflow sandbox', () => {
  test('the release constants match the installed chinese-days (update them with the package)', async () => {
    const release = await import('../../../workflows/deadlines/schedule-release');
    const years = [...Object.keys(officialSchedule.holidays), ...Object.keys(officialSchedule.workdays)].map((date) => Number(date.slice(0, 4)));
    expect(release.CHINESE_DAYS_VERSION).toBe(chineseDaysPackage.version);
    expect(release.SHIPPED_FIRST_YEAR).toBe(Math.min(...years));
    expect(release.SHIPPED_LAST_YEAR).toBe(Math.max(...years));
  });

  test('a run with a calendar snapshot never reads it; a run without one does, and counts as before', () => {
    let reads = 0;
    jest.isolateModules(() => {
      jest.doMock('chinese-days/dist/chinese-days.json', () => {
        reads++;
        return jest.requireActual('chinese-days/dist/chinese-days.json');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry, after the mock
      const limits = require('../../../workflows/petition/policy-limits') as typeof import('../../../workflows/petition/policy-limits');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const deadlines = require('../../../workflows/deadlines') as typeof import('../../../workflows/deadlines');
      // A snapshot of 2026 only (no 2027 schedule): the deadline's warning about 2027 is worded without the data.
      const snapshot: CalendarData = {
        version: 'chinese-days@1.5.7+closures:none',
        officialYears: [2026],
        holidays: { '2026-10-01': 'National Day,国庆节,7' },
        workdays: { '2026-10-10': 'National Day,国庆节,7' },
        closures: [],
      };
      const input = { policyId: 'xinfang-2022', receivedAt: '2026-12-01T02:00:00.000Z' } as PetitionWorkflowInput;
      const state = { receivedAt: input.receivedAt, acceptedAt: '2026-12-02T02:00:00.000Z' } as Parameters<typeof limits.handlingDeadline>[0];
      const policy = limits.policyFor(input);
      const counted = limits.handlingDeadline(state, policy, limits.calendarFor({ ...input, calendar: snapshot }));
      expect(counted.warnings.join('')).toContain('2027年的国务院节假日安排尚未载入（chinese-days@1.5.7 覆盖2004–2026年');
      expect(reads).toBe(0);

      const legacy = limits.handlingDeadline(state, policy, limits.calendarFor(input));
      expect(reads).toBe(1);
      expect(legacy.dueAt).toEqual(deadlines.deadlineForLimit(policy, policy.limits.handling, state.acceptedAt!, deadlines.createWorkCalendar()).dueAt);
      limits.calendarFor(input);
      expect(reads).toBe(1);
    });
  });
});
