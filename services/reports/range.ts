import { z } from 'zod';
import type { ReportRange } from './report';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const rangeQuerySchema = z.object({ from: isoDay.optional().or(z.literal('')), to: isoDay.optional().or(z.literal('')) });

/** Midnight at the start of an Asia/Shanghai calendar day. */
export function startOfShanghaiDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS);
}

export function shanghaiDateOf(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `from` and `to` are Shanghai dates, both included. */
export function reportRangeOf(query: { from?: string; to?: string }): ReportRange {
  return {
    from: query.from ? startOfShanghaiDate(query.from) : undefined,
    to: query.to ? new Date(startOfShanghaiDate(query.to).getTime() + 86_400_000) : undefined,
  };
}
