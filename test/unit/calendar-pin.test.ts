/**
 * The calendar a new petition is pinned to is computed once per receipt year and taken anew as soon as a supplement
 * file (config/calendar/<year>.json) is added or changed: registrations do not re-read the files, and a State
 * Council notice copied in takes effect for the next petition without a restart.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calendarPinner } from '../../services/petitions/calendar-pin';

const receivedIn2026 = new Date('2026-12-01T02:00:00Z');

function writeSupplement(directory: string, holidays: Record<string, string>, stamp: number): void {
  const file = path.join(directory, '2027.json');
  writeFileSync(file, JSON.stringify({ year: 2027, source: '测试用通知', holidays, workdays: {} }));
  utimesSync(file, stamp, stamp);
}

test('one snapshot per receipt year until a supplement changes', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'calendar-pin-'));
  try {
    const pin = calendarPinner([], directory);
    const first = pin(receivedIn2026);
    expect(first.officialYears).not.toContain(2027);
    expect(pin(receivedIn2026)).toBe(first);

    writeSupplement(directory, { '2027-01-01': "New Year's Day,元旦,1" }, 1_800_000_000);
    const withSupplement = pin(receivedIn2026);
    expect(withSupplement).not.toBe(first);
    expect(withSupplement.officialYears).toContain(2027);
    expect(withSupplement.holidays['2027-01-01']).toContain('元旦');
    expect(pin(receivedIn2026)).toBe(withSupplement);

    writeSupplement(directory, { '2027-01-01': "New Year's Day,元旦,1", '2027-01-04': "New Year's Day,元旦,1" }, 1_800_000_100);
    expect(pin(receivedIn2026).holidays['2027-01-04']).toContain('元旦');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a receipt year before the shipped schedule counts weekends only instead of failing', () => {
  // An old ledger row or a backdated registration (the console test picks days from 2001 on): the 放假办法 revision
  // is not presumed backwards, and the snapshot is taken rather than the registration failing with a 500.
  const directory = mkdtempSync(path.join(tmpdir(), 'calendar-pin-'));
  try {
    const snapshot = calendarPinner([], directory)(new Date('2003-05-06T02:00:00Z'));
    expect(snapshot.officialYears).not.toContain(2003);
    expect(snapshot.presumedYears ?? []).not.toContain(2003);
    expect(Object.keys(snapshot.holidays).some((date) => date.startsWith('2003'))).toBe(false);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
