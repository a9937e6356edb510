import { z } from 'zod';
import { DAY_MS, shanghaiDate, startOfShanghaiDay } from '../../workflows/domain/shanghai';
import type { ReportRange } from './report';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const rangeQuerySchema = z.object({ from: isoDay.optional().or(z.literal('')), to: isoDay.optional().or(z.literal('')) });

/** Midnight at the start of an Asia/Shanghai calendar day (2026-02-30 reads as 2026-03-02, as a query may ask). */
export function startOfShanghaiDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return startOfShanghaiDay(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function shanghaiDateOf(instant: Date): string {
  return shanghaiDate(instant);
}

/** `from` and `to` are Shanghai dates, both included. */
export function reportRangeOf(query: { from?: string; to?: string }): ReportRange {
  return {
    from: query.from ? startOfShanghaiDate(query.from) : undefined,
    to: query.to ? new Date(startOfShanghaiDate(query.to).getTime() + DAY_MS) : undefined,
  };
}
