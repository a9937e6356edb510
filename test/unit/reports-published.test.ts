/**
 * Published statistics and the department account (考核) as pure functions: percentages to two decimals that add up
 * to 100.00 (largest remainder, also for random tables), periods as hospitals name them, the year-over-year table,
 * and each department's figures, score and 红黑榜 from hand-built petitions whose answers are counted here.
 */
import path from 'node:path';
import fc from 'fast-check';
import { departmentAccounts, defaultWeights, loadAccountabilitySettings, redBlackLists, type AccountPetition, type AccountabilitySettings } from '../../services/reports/accountability';
import { largestRemainderPercentages, parsePeriod, publishedReport, yearOverYear } from '../../services/reports/published';
import type { ReportRow } from '../../services/reports/report';
import { renderDailyReport } from '../../activities/daily-report-mail';

const d = (iso: string) => new Date(iso);

describe('published shares', () => {
  test('two decimals that add up to 100.00, largest remainders first', () => {
    expect(largestRemainderPercentages([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(largestRemainderPercentages([57, 1])).toEqual([98.28, 1.72]);
    expect(largestRemainderPercentages([2, 0, 1])).toEqual([66.67, 0, 33.33]);
    expect(largestRemainderPercentages([0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { minLength: 1, maxLength: 12 }), (counts) => {
        const percents = largestRemainderPercentages(counts);
        const total = counts.reduce((a, b) => a + b, 0);
        const hundredths = percents.reduce((sum, p) => sum + Math.round(p * 100), 0);
        expect(hundredths).toBe(total === 0 ? 0 : 10_000);
        percents.forEach((p, i) => expect(Math.abs(p - (total ? (counts[i] * 100) / total : 0))).toBeLessThan(0.01 + 1e-9));
      }),
    );
  });

  test('periods: a year, a quarter, a month, a range (Beijing days); anything else is refused in Chinese', () => {
    expect(parsePeriod('2011')).toMatchObject({ label: '2011年', range: { from: d('2010-12-31T16:00:00Z'), to: d('2011-12-31T16:00:00Z') } });
    expect(parsePeriod('2011-Q2')).toMatchObject({ label: '2011年第二季度', range: { from: d('2011-03-31T16:00:00Z'), to: d('2011-06-30T16:00:00Z') } });
    expect(parsePeriod('2011-Q4').range.to).toEqual(d('2011-12-31T16:00:00Z'));
    expect(parsePeriod('2011-02')).toMatchObject({ label: '2011年2月', range: { from: d('2011-01-31T16:00:00Z'), to: d('2011-02-28T16:00:00Z') } });
    expect(parsePeriod('2011-01-01..2011-01-31').range).toEqual({ from: d('2010-12-31T16:00:00Z'), to: d('2011-01-31T16:00:00Z') });
    expect(() => parsePeriod('2011-13')).toThrow('月份无效');
    expect(() => parsePeriod('去年')).toThrow('无法识别的统计期间');
  });

  const row = (number: string, year: number, fields: Partial<ReportRow> = {}): ReportRow => ({
    number, year, receivedAt: d(`${year}-05-01T02:00:00Z`), channel: 'visit', category: 'service_attitude', status: 'archived', accepted: true,
    declined: false, departmentCode: 'YWC', departmentName: '医务处', departmentKind: 'logistics_admin', cause: 'hospital', dueAt: null,
    finishedAt: d(`${year}-05-09T02:00:00Z`), satisfaction: 'satisfied', overdueFlag: false, repeat: false, ...fields,
  });

  test('the published tables carry percents and the rates their formulas; 58 visits with 57 closed is 98.28 %', () => {
    const rows = Array.from({ length: 58 }, (_, i) => row(`XF-2010-${i}`, 2010, i === 0 ? { finishedAt: null, status: 'assigned', satisfaction: null } : {}));
    const published = publishedReport(rows, parsePeriod('2010'), d('2026-01-01T00:00:00Z'));
    expect(published.total).toBe(58);
    expect(published.rates.closed).toMatchObject({ numerator: 57, denominator: 58, percent: 98.28, label: '办结率', formula: '办结件数 ÷ 受理件数' });
    expect(published.byChannel.find((s) => s.key === 'visit')).toMatchObject({ count: 58, percent: 100 });
    for (const table of [published.byContent, published.byCause, published.byChannel, published.byDepartmentKind, published.byYear]) {
      expect(table.reduce((sum, s) => sum + Math.round(s.percent * 100), 0)).toBe(10_000);
    }
  });

  test('year over year: one row per year, counts by content group and the change against the year before', () => {
    const rows = [row('a', 2008), row('b', 2009), row('c', 2009, { category: 'billing' }), row('d', 2011)];
    const table = yearOverYear(rows, 2008, 2011, d('2026-01-01T00:00:00Z'));
    expect(table.map((y) => [y.year, y.total, y.change])).toEqual([[2008, 1, null], [2009, 2, 100], [2010, 0, -100], [2011, 1, null]]);
    expect(table[1].byContent).toEqual({ medical_quality: 0, service_attitude: 1, management_process: 0, economic_dispute: 1, other: 0 });
    expect(table[1].rates.closed.percent).toBe(100);
  });
});

describe('department accountability (考核)', () => {
  const settings: AccountabilitySettings = { weights: defaultWeights, listSize: 1, minAssigned: 1 };
  const now = d('2026-03-31T00:00:00Z');
  const ev = (type: string, payload: object = {}, at = '2026-03-02T00:00:00Z') => ({ type, payload, occurredAt: d(at) });
  const base = { status: 'replied', dueAt: null, overdue: false, closedAt: null, receivedAt: d('2026-03-01T02:00:00Z') };
  const petitions: AccountPetition[] = [
    // YWC: 签收 on time, reply late (met after its due instant), satisfied.
    { ...base, number: 'P1', leadDepartment: 'YWC', events: [ev('accepted'), ev('assigned', { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] }), ev('fed_back', { satisfaction: 'satisfied' })],
      deadlines: [
        { id: 'acknowledgement:YWC:1', kind: 'acknowledgement', department: 'YWC', dueAt: '2026-03-03T16:00:00Z', status: 'met', closedAt: '2026-03-02T01:00:00Z' },
        { id: 'handling:YWC:1', kind: 'handling', department: 'YWC', dueAt: '2026-03-10T16:00:00Z', status: 'met', closedAt: '2026-03-12T01:00:00Z', overdueAt: '2026-03-10T16:00:00Z' },
        { id: 'handling:XNK:1', kind: 'handling', department: 'XNK', dueAt: '2026-03-10T16:00:00Z', status: 'met', closedAt: '2026-03-05T01:00:00Z' },
      ] },
    // XNK: returned the case, asked for an extension that was granted.
    { ...base, number: 'P2', status: 'accepted', leadDepartment: null, events: [ev('assigned', { leadDepartment: 'XNK', cooperatingDepartments: [] }), ev('extension_requested', { department: 'XNK', days: 10 }), ev('extension_approved', { department: 'XNK', days: 10 }), ev('returned', { department: 'XNK' })],
      deadlines: [{ id: 'handling:XNK:1', kind: 'handling', department: 'XNK', dueAt: '2026-03-20T16:00:00Z', status: 'cancelled', closedAt: '2026-03-06T00:00:00Z' }] },
    // An imported historical row: no deadline copy; its columns describe a handling deadline met on time.
    { ...base, number: 'P3', status: 'archived', leadDepartment: 'YWC', dueAt: d('2026-03-20T16:00:00Z'), closedAt: d('2026-03-09T00:00:00Z'),
      events: [ev('accepted'), ev('assigned', { leadDepartment: 'YWC' }), ev('fed_back', { satisfaction: 'unsatisfied' }, '2026-03-09T00:00:00Z'), ev('archived', {}, '2026-03-09T00:00:00Z')], deadlines: [] },
  ];
  const names = new Map([['YWC', '医务处'], ['XNK', '心内科']]);

  test('each figure, with the petitions behind it', () => {
    const accounts = departmentAccounts(petitions, names, now, settings);
    const ywc = accounts.find((a) => a.code === 'YWC')!;
    const xnk = accounts.find((a) => a.code === 'XNK')!;
    expect(ywc.assigned.numbers).toEqual(['P1', 'P3']);
    expect([ywc.acknowledgements.count, ywc.acknowledgedOnTime.count]).toEqual([1, 1]);
    expect([ywc.replies.numbers, ywc.repliedOnTime.numbers]).toEqual([['P1', 'P3'], ['P3']]);
    expect(ywc.overdue.numbers).toEqual(['P1']);
    expect(ywc.overdueByStage.handling.numbers).toEqual(['P1']);
    expect([ywc.rated.count, ywc.satisfied.count]).toEqual([2, 1]);
    expect(ywc.rates).toEqual({ acknowledgeOnTime: 1, replyOnTime: 0.5, notReturned: 1, noExtension: 1, notOverdue: 0.5, satisfaction: 0.5 });
    // (15·1 + 30·0.5 + 10·1 + 10·1 + 20·0.5 + 15·0.5) / 100
    expect(ywc.score).toBe(67.5);
    expect(xnk.assigned.numbers).toEqual(['P1', 'P2']);
    expect([xnk.returned.numbers, xnk.extensionsAsked.numbers, xnk.extensionsGranted.numbers]).toEqual([['P2'], ['P2'], ['P2']]);
    expect(xnk.rates).toEqual({ acknowledgeOnTime: null, replyOnTime: 1, notReturned: 0.5, noExtension: 0.5, notOverdue: 1, satisfaction: null });
    // (30·1 + 10·0.5 + 10·0.5 + 20·1) / 70
    expect(xnk.score).toBe(85.71);
    const lists = redBlackLists(accounts, settings);
    expect(lists.red.map((a) => a.code)).toEqual(['XNK']);
    expect(lists.black.map((a) => a.code)).toEqual(['YWC']);
  });

  test('weights are configuration: weighing only satisfaction ranks by it', () => {
    const only = { ...settings, weights: { ...Object.fromEntries(Object.keys(defaultWeights).map((k) => [k, 0])), satisfaction: 1 } as typeof defaultWeights };
    const accounts = departmentAccounts(petitions, names, now, only);
    expect(accounts.find((a) => a.code === 'YWC')!.score).toBe(50);
    expect(accounts.find((a) => a.code === 'XNK')!.score).toBeNull();
  });
});

describe('config/accountability.json', () => {
  test('the shipped weights load and are the defaults', () => {
    expect(loadAccountabilitySettings(path.join(__dirname, '../../config/accountability.json'))).toEqual({ weights: defaultWeights, listSize: 3, minAssigned: 1 });
  });
});

describe('the daily report line', () => {
  test('the 考核 line appears in the text and the HTML when given, and not otherwise', () => {
    const base = {
      day: '2026-03-20', windowStart: d('2026-03-19T07:00:00Z'), windowEnd: d('2026-03-20T07:00:00Z'), hospitalName: '测试医院', consoleUrl: 'http://x/console',
      sections: { newPetitions: [], closed: [], overdue: [], alerted: [] },
    };
    const line = '本月部门考核（2026年3月，截至今日）：红榜 心内科 95.00；黑榜 医务处 60.00';
    const withLine = renderDailyReport({ ...base, accountability: line });
    expect(withLine.text).toContain(line);
    expect(withLine.html).toContain(`<p id="accountability">${line}</p>`);
    expect(withLine.subject).toContain('零报告');
    expect(renderDailyReport(base).text).not.toContain('部门考核');
  });
});
