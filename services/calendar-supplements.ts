import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { officialScheduleYears, type ScheduleSupplement } from '../workflows/deadlines';
import { shanghaiDate } from '../workflows/domain/shanghai';

const dateMap = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().min(1));
const supplementSchema = z
  .object({ year: z.number().int().min(2000).max(2100), source: z.string().min(1), holidays: dateMap, workdays: dateMap })
  .strict();

/**
 * Official schedules published after the installed chinese-days release, one file per year
 * (config/calendar/<year>.json). Until a year's file exists, deadlines in it fall back to weekends and say so.
 */
export function loadScheduleSupplements(directory: string): ScheduleSupplement[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(directory, name);
      const parsed = supplementSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        throw new Error(`${file}: ${problems}`);
      }
      if (`${parsed.data.year}.json` !== name) throw new Error(`${file}: year: ${parsed.data.year} does not match the file name`);
      return parsed.data;
    });
}

/** The years with an official schedule: those chinese-days ships plus the supplement files present now. */
export function scheduledYears(directory: string): number[] {
  const supplements = existsSync(directory) ? readdirSync(directory).filter((name) => /^\d{4}\.json$/.test(name)).map((name) => Number(name.slice(0, 4))) : [];
  return [...new Set([...officialScheduleYears(), ...supplements])].sort((a, b) => a - b);
}

/**
 * The staff reminder that a year's State Council schedule is missing: the current year at any time, and from
 * 1 November (Shanghai) the next year too, when the notice is usually published. Undefined when nothing is missing.
 */
export function missingScheduleReminder(now: Date, years: readonly number[]): string | undefined {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5) >= '11-01' ? [year, year + 1] : [year];
  const missing = wanted.filter((y) => !years.includes(y));
  if (missing.length === 0) return undefined;
  const list = missing.join('、');
  return (
    `${list}年的国务院节假日安排尚未录入本系统：涉及${list}年的期限暂按《全国年节及纪念日放假办法》规定的法定节假日和周六、周日计算，未计入调休。` +
    '国务院办公厅通知发布后，请系统管理员补充该年日历，并复核受影响的期限。'
  );
}

/** The reminder as the console and the daily report ask for it, reading the supplement directory each time. */
export function scheduleReminder(directory: string): (now: Date) => string | undefined {
  return (now) => missingScheduleReminder(now, scheduledYears(directory));
}
