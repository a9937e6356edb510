/**
 * The holidays a year is sure to have before the State Council publishes its schedule: the dates that the
 * 全国年节及纪念日放假办法 (as revised in 2024, in force from 2025) fixes by the solar and the lunar calendar —
 * 元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. The 调休 make-up days and bridging days
 * are decided each year by the notice and are NOT presumed. Lunar dates and the 清明 solar term come from
 * chinese-days' lunar functions. Used only outside workflows, when a petition's calendar snapshot is taken: a running
 * petition keeps the snapshot it started with.
 */
import { getSolarDateFromLunar, getSolarTerms } from 'chinese-days';

/** The first year the 2024 revision applies to; earlier years are official in the shipped schedule anyway. */
const FIRST_YEAR = 2025;

const pad = (n: number) => String(n).padStart(2, '0');

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The solar date of a lunar month/day in the lunar year that begins in `year` (never the leap month). */
function lunar(year: number, month: number, day: number): string {
  return getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;
}

/** date → "English,中文,days" as chinese-days writes its entries; the days are the holiday's length by the 办法. */
export function presumedStatutoryHolidays(year: number): Record<string, string> {
  if (!Number.isInteger(year) || year < FIRST_YEAR) throw new Error(`presumed holidays are computed from ${FIRST_YEAR} on (got ${year})`);
  const springFestival = lunar(year, 1, 1);
  const qingming = getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((term) => term.term === 'pure_brightness');
  if (!qingming) throw new Error(`no 清明 solar term found in April ${year}`);
  const days: Array<[string, string]> = [
    [`${year}-01-01`, "New Year's Day,元旦,1"],
    ...[-1, 0, 1, 2].map((offset): [string, string] => [addDays(springFestival, offset), 'Spring Festival,春节,4']),
    [qingming.date, 'Tomb-sweeping Day,清明,1'],
    [`${year}-05-01`, 'Labour Day,劳动节,2'],
    [`${year}-05-02`, 'Labour Day,劳动节,2'],
    [lunar(year, 5, 5), 'Dragon Boat Festival,端午,1'],
    [lunar(year, 8, 15), 'Mid-autumn Festival,中秋,1'],
    [`${year}-10-01`, 'National Day,国庆节,3'],
    [`${year}-10-02`, 'National Day,国庆节,3'],
    [`${year}-10-03`, 'National Day,国庆节,3'],
  ];
  return Object.fromEntries(days.sort(([a], [b]) => a.localeCompare(b)));
}
