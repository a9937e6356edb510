import { buildReport, markRepeats, type ReportRow } from '../../services/reports/report';
import { reportRangeOf, shanghaiDateOf } from '../../services/reports/range';
import { petitionerKeys } from '../../services/reports/report-rows';

const d = (iso: string) => new Date(iso);

function row(number: string, fields: Partial<ReportRow>): ReportRow {
  return {
    number, year: 2026, receivedAt: d('2026-01-02T02:00:00Z'), channel: 'letter', category: 'other', status: 'registered',
    accepted: false, declined: false, departmentCode: null, departmentName: null, departmentKind: null, cause: null,
    dueAt: null, finishedAt: null, satisfaction: null, overdueFlag: false, repeat: false, ...fields,
  };
}

const accepted = { accepted: true, status: 'archived' };
/** Eight petitions with hand-counted tables (see the expectations). */
const rows: ReportRow[] = [
  row('XF-2025-000001', { ...accepted, year: 2025, receivedAt: d('2025-03-01T01:00:00Z'), channel: 'letter', category: 'medical_quality', departmentCode: 'YWC', departmentName: '医务处', departmentKind: 'logistics_admin', cause: 'hospital', dueAt: d('2025-03-10T16:00:00Z'), finishedAt: d('2025-03-05T03:00:00Z'), satisfaction: 'satisfied' }),
  row('XF-2025-000002', { ...accepted, year: 2025, receivedAt: d('2025-03-02T01:00:00Z'), channel: 'phone', category: 'nursing', departmentCode: 'HLB', departmentName: '护理部', departmentKind: 'logistics_admin', cause: 'patient', dueAt: d('2025-03-10T16:00:00Z'), finishedAt: d('2025-03-15T03:00:00Z'), satisfaction: 'unsatisfied' }),
  row('XF-2025-000003', { year: 2025, receivedAt: d('2025-04-01T01:00:00Z'), channel: 'visit', category: 'billing', status: 'archived', declined: true }),
  row('XF-2026-000001', { ...accepted, receivedAt: d('2026-01-03T01:00:00Z'), channel: 'web', category: 'service_attitude', departmentCode: 'XNK', departmentName: '心内科', departmentKind: 'inpatient', cause: 'hospital', dueAt: d('2026-01-20T16:00:00Z'), finishedAt: d('2026-01-10T03:00:00Z'), satisfaction: 'basically_satisfied', repeat: true }),
  row('XF-2026-000002', { accepted: true, status: 'assigned', receivedAt: d('2026-01-04T01:00:00Z'), channel: 'web', category: 'logistics', departmentCode: 'MZB', departmentName: '门诊部', departmentKind: 'outpatient', cause: 'external', dueAt: d('2026-01-05T16:00:00Z') }),
  row('XF-2026-000003', { receivedAt: d('2026-01-05T01:00:00Z'), channel: 'email', category: 'other' }),
  row('XF-2026-000004', { accepted: true, status: 'assigned', receivedAt: d('2026-01-06T01:00:00Z'), channel: 'visit', category: 'pharmacy', departmentCode: 'YJK', departmentName: '药剂科', departmentKind: 'medtech', cause: 'other', dueAt: d('2026-03-01T16:00:00Z') }),
  row('XF-2026-000005', { ...accepted, receivedAt: d('2026-01-07T01:00:00Z'), channel: 'hotline_12345', category: 'medical_ethics', departmentCode: 'YWC', departmentName: '医务处', departmentKind: 'logistics_admin', cause: 'patient', finishedAt: d('2026-01-15T03:00:00Z'), satisfaction: 'unknown', repeat: true }),
];
const now = d('2026-02-01T00:00:00Z');

const counts = (shares: Array<{ key: string; count: number }>) => Object.fromEntries(shares.map((s) => [s.key, s.count]));

describe('report tables over a seeded set with known numbers', () => {
  const report = buildReport(rows, {}, now);

  test('counts and shares by content group, department kind, cause, channel and year', () => {
    expect(report.total).toBe(8);
    expect(counts(report.byContent)).toEqual({ medical_quality: 3, service_attitude: 2, management_process: 1, economic_dispute: 1, other: 1 });
    expect(report.byContent.find((s) => s.key === 'medical_quality')).toMatchObject({ label: '医疗质量', share: 3 / 8 });
    expect(counts(report.byDepartmentKind)).toEqual({ inpatient: 1, medtech: 1, outpatient: 1, logistics_admin: 3, unset: 2 });
    expect(counts(report.byCause)).toEqual({ hospital: 2, patient: 2, external: 1, other: 1, unset: 2 });
    expect(report.byCause.find((s) => s.key === 'hospital')).toMatchObject({ label: '医院方面', share: 0.25 });
    expect(counts(report.byChannel)).toEqual({ letter: 1, phone: 1, visit: 2, email: 1, web: 2, suggestion_box: 0, hotline_12345: 1, higher_authority: 0 });
    expect(counts(report.byYear)).toEqual({ '2025': 3, '2026': 5 });
    for (const table of [report.byContent, report.byDepartmentKind, report.byCause, report.byChannel, report.byYear]) {
      expect(table.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 10);
    }
  });

  test('rates: 受理率, 按期办结率, 办结率, 满意率, 重访率', () => {
    expect(report.rates.acceptance).toEqual({ numerator: 6, denominator: 8, rate: 0.75 });
    expect(report.rates.closed).toEqual({ numerator: 4, denominator: 6, rate: 4 / 6 });
    expect(report.rates.onTime).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(report.rates.satisfaction).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(report.rates.repeat).toEqual({ numerator: 2, denominator: 8, rate: 0.25 });
  });

  test('overdue by department: finished late counts as overdue, open past due as overdue and open', () => {
    expect(report.overdueByDepartment.map((d) => [d.code, d.assigned, d.overdue, d.overdueOpen])).toEqual([
      ['MZB', 1, 1, 1],
      ['HLB', 1, 1, 0],
      ['XNK', 1, 0, 0],
      ['YJK', 1, 0, 0],
      ['YWC', 2, 0, 0],
    ]);
  });

  test('a date range in Shanghai dates selects by receipt, both ends included', () => {
    const only2026 = buildReport(rows, reportRangeOf({ from: '2026-01-01' }), now);
    expect(only2026.total).toBe(5);
    expect(only2026.rates.acceptance).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    const oneDay = buildReport(rows, reportRangeOf({ from: '2026-01-03', to: '2026-01-03' }), now);
    expect(oneDay.total).toBe(1);
    expect(shanghaiDateOf(d('2026-01-02T16:30:00Z'))).toBe('2026-01-03');
  });

  test('an empty set has zero counts and no rates (nothing to divide by)', () => {
    const empty = buildReport([], {}, now);
    expect(empty.total).toBe(0);
    expect(empty.rates.acceptance.rate).toBeNull();
    expect(empty.byContent.every((s) => s.count === 0 && s.share === 0)).toBe(true);
  });
});

describe('repeat petitions (重访)', () => {
  test('a petitioner known by any key petitioning again is a repeat; the first petition is not', () => {
    const marked = markRepeats([
      { number: 'B', receivedAt: d('2026-02-01T00:00:00Z'), petitionerKeys: petitionerKeys({ idNumber: null, phone: '138-0013-8000', email: null }) },
      { number: 'A', receivedAt: d('2026-01-01T00:00:00Z'), petitionerKeys: petitionerKeys({ idNumber: 'x1', phone: '13800138000', email: null }) },
      { number: 'C', receivedAt: d('2026-03-01T00:00:00Z'), petitionerKeys: petitionerKeys({ idNumber: 'X1', phone: null, email: 'a@b.cn' }) },
      { number: 'D', receivedAt: d('2026-03-02T00:00:00Z'), petitionerKeys: [] },
      { number: 'E', receivedAt: d('2026-03-03T00:00:00Z'), petitionerKeys: petitionerKeys({ idNumber: null, phone: null, email: 'A@B.cn ' }) },
    ]);
    expect(Object.fromEntries(marked.map((m) => [m.number, m.repeat]))).toEqual({ A: false, B: true, C: true, D: false, E: true });
  });
});
