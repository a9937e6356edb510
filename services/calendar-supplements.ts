import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ScheduleSupplement } from '../workflows/deadlines';

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
