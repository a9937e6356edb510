/**
 * What staff read on the console instead of codes: people and departments by name, the workflow's refusals without
 * their English explanation, the calendar warning in plain words, and policies by title. Every console page words
 * these things through here, so one page cannot say "dept:YWC" where another says 医务处. A deadline's status is
 * worded by the one model itself (deadlineStatusText in workflows/domain/overdue.ts), for the pages, the API and
 * every export alike, so none says 已按期完成 where another says 逾期完成.
 */
import { listPolicies, PRESUMED_HOLIDAYS_TEXT } from '../../workflows/deadlines';
import { formatDue } from '../../workflows/domain/due';
import type { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { fieldErrors } from '../api/http-errors';

/** Who is who: staff ids and department codes to names. */
export interface Directory {
  staff: Map<string, string>;
  departments: Map<string, string>;
}

export async function loadDirectory(prisma: PrismaClient): Promise<Directory> {
  const [staff, departments] = await Promise.all([
    prisma.staffMember.findMany({ select: { id: true, name: true } }),
    prisma.department.findMany({ select: { code: true, name: true } }),
  ]);
  return { staff: new Map(staff.map((s) => [s.id, s.name])), departments: new Map(departments.map((d) => [d.code, d.name])) };
}

/** "staff:intake01" → 王晓敏, "dept:YWC" → 医务处, "system" → 系统; anything else unchanged. */
export function actorName(actor: string | null | undefined, directory: Directory): string {
  if (!actor) return '';
  if (actor === 'system') return '系统';
  if (actor === 'petitioner') return '信访人';
  if (actor.startsWith('service:')) return '系统接口';
  const [kind, id] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
  if (kind === 'staff') return directory.staff.get(id) ?? id;
  if (kind === 'dept') return directory.departments.get(id) ?? id;
  return actor;
}

export function departmentName(code: string | null | undefined, directory: Directory): string {
  return code ? directory.departments.get(code) ?? code : '';
}

/**
 * A message for staff without the English the API adds for developers: "反馈须在承办答复之后 (feedback requires …)"
 * → "反馈须在承办答复之后". ASCII parentheses go, and full-width ones holding Latin letters; Chinese ones
 * ("（大写字母开头的部门代码）") stay.
 */
export function chineseOnly(message: string): string {
  // ASCII parentheses are the API's explanation for developers (or the Chinese text once more); full-width ones
  // belong to the Chinese text and go only when they hold Latin letters.
  const stripped = message.replace(/\s*\([^()]*\)/g, '').replace(/\s*（[^（）]*[A-Za-z][^（）]*）/g, '').trim();
  return stripped || message;
}

/**
 * A schema's refusal as field → Chinese reason: the schema's own message when it is Chinese ("请选择信访人满意度"),
 * else the generic reason of services/api/http-errors.ts; the first reason per field.
 */
export function fieldReasons(error: z.ZodError): Record<string, string> {
  const generic = fieldErrors(error);
  const reasons: Record<string, string> = {};
  error.issues.forEach((issue, i) => {
    const field = issue.path.map(String).join('.') || '(body)';
    const own = /[\u4e00-\u9fff]/.test(issue.message) ? chineseOnly(issue.message) : undefined;
    reasons[field] ??= own ?? chineseOnly(generic[i]?.message ?? '取值无效');
  });
  return reasons;
}

/** "2026-12-10 24:00". */
export const dueText = (dueAt: string | Date | null | undefined): string => (dueAt ? formatDue(dueAt) : '');

/**
 * The calendar warnings of a page, once each, in staff words: the year whose official holiday schedule is not
 * loaded, and what that means for the deadlines; no library names or file paths.
 */
export function calendarNotices(warnings: Iterable<string>): string[] {
  const weekendsOnly = new Set<string>();
  const presumed = new Set<string>();
  const others = new Set<string>();
  for (const warning of warnings) {
    const year = /^(\d{4})年的国务院节假日安排尚未载入/.exec(warning)?.[1];
    if (!year) others.add(chineseOnly(warning));
    else if (warning.includes('放假办法')) presumed.add(year);
    else weekendsOnly.add(year);
  }
  const list = (years: Set<string>) => [...years].sort().join('、');
  const notices: string[] = [];
  if (presumed.size) {
    notices.push(
      `${list(presumed)}年的国务院节假日安排尚未公布，这些年份的期限暂按《全国年节及纪念日放假办法》规定的法定节假日（${PRESUMED_HOLIDAYS_TEXT}）和周六、周日计算，未计入调休。官方安排公布后，请联系系统管理员补充日历并复核期限。`,
    );
  }
  if (weekendsOnly.size) {
    notices.push(`${list(weekendsOnly)}年的法定节假日和调休安排尚未录入本系统，这些年份的期限暂按周六、周日休息计算。官方安排公布后，请联系系统管理员补充日历并复核期限。`);
  }
  return [...notices, ...others];
}

/** Policy ids with their titles, for selects and facts ("信访工作条例（2022年）"). */
export function policyTitles(): Map<string, string> {
  return new Map(listPolicies().map((p) => [p.id, p.title]));
}

export function policyTitle(id: string): string {
  return policyTitles().get(id) ?? id;
}
