import { z } from 'zod';
import { categories, channels, statuses } from '../../workflows/domain/catalog';
import { closedStatuses } from '../../workflows/domain/closure';
import { startOfShanghaiDate } from '../reports/range';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...Array<keyof T & string>];
const optionalEnum = <T extends object>(o: T) => z.union([z.enum(keys(o)), z.literal('')]).optional();
const isoDay = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('')]).optional();

/** The ledger's filters (台账筛选), as they arrive in the query string. Empty fields mean "any". */
export const ledgerFilterSchema = z.object({
  status: optionalEnum(statuses),
  channel: optionalEnum(channels),
  category: optionalEnum(categories),
  department: z.union([z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/), z.literal('')]).optional(),
  from: isoDay,
  to: isoDay,
  overdue: z.union([z.literal('yes'), z.literal('no'), z.literal('')]).optional(),
  policy: z.union([z.string().regex(/^[a-z0-9-]{1,64}$/), z.literal('')]).optional(),
  /** 信访编号 (or the hospital's own register number of an imported row), in part. */
  number: z.string().trim().max(40).optional(),
  /** 信访人姓名 and 电话, in part: searched only for people who may see the petitioner (the 信访办). */
  name: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(30).optional(),
  /** 关键词 in the petition's text. */
  keyword: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

export const LEDGER_PAGE_SIZE = 20;

/**
 * A Prisma `where` for the filters; the overdue filter only narrows the candidates (the ledger decides each row).
 * `personal`: whether the person may search by the petitioner's name and phone (services/auth/petition-access.ts);
 * for anybody else those fields are ignored, so a search cannot reveal who petitioned.
 */
export function ledgerWhere(filter: LedgerFilter, now: Date, personal = false): Record<string, unknown> {
  const and: Array<Record<string, unknown>> = [];
  if (filter.number) {
    const number = filter.number.toUpperCase();
    and.push({ OR: [{ number: { contains: number } }, { externalNumber: { contains: filter.number, mode: 'insensitive' } }] });
  }
  if (filter.keyword) and.push({ content: { contains: filter.keyword, mode: 'insensitive' } });
  if (personal && filter.name) and.push({ petitioner: { name: { contains: filter.name } } });
  if (personal && filter.phone) and.push({ petitioner: { phone: { contains: filter.phone } } });
  if (filter.status) and.push({ status: filter.status });
  if (filter.channel) and.push({ channel: filter.channel });
  if (filter.category) and.push({ category: filter.category });
  if (filter.policy) and.push({ policyId: filter.policy });
  if (filter.department) and.push({ OR: [{ leadDepartment: filter.department }, { cooperatingDepartments: { has: filter.department } }] });
  if (filter.from) and.push({ receivedAt: { gte: startOfShanghaiDate(filter.from) } });
  if (filter.to) and.push({ receivedAt: { lt: new Date(startOfShanghaiDate(filter.to).getTime() + 86_400_000) } });
  // Overdue is decided per petition from its deadlines (workflows/domain/overdue.ts), after the query: see ledgerPage.
  // An overdue petition is open, so "yes" may already leave out the closed ones.
  if (filter.overdue === 'yes') and.push({ status: { notIn: [...closedStatuses] }, receivedAt: { lte: now } });
  return and.length === 0 ? {} : { AND: and };
}

/** The query string for another page of the same filters. */
export function ledgerQueryString(filter: LedgerFilter, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (key !== 'page' && value !== undefined && value !== '') params.set(key, String(value));
  }
  params.set('page', String(page));
  return params.toString();
}
