import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { categories } from '../workflows/domain/catalog';
import { noticeKinds, type NoticeKind } from '../workflows/domain/notices';

const departmentSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/),
  name: z.string().min(1),
  kind: z.enum(['inpatient', 'medtech', 'outpatient', 'logistics_admin']),
  email: z.string().email(),
  headName: z.string().optional(),
  headEmail: z.string().email().optional(),
  leaderInCharge: z.string().optional(),
});

const staffSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/),
  name: z.string().min(1),
  email: z.string().email(),
  role: z.enum(['intake', 'department', 'leader', 'president', 'admin']),
  departmentCode: z.string().optional(),
});

/**
 * An authority above the hospital (上级机关: its 卫生健康委员会; 12345 热线): matters it hands down are reported to its
 * mailbox. `reviews` marks the one that answers a review (信访工作条例 第三十五条): recheck (复查) for the supervising
 * 卫生健康委员会, reexamination (复核) for the authority one level above it.
 */
const authoritySchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/),
  name: z.string().min(1),
  email: z.string().email(),
  reviews: z.enum(['recheck', 'reexamination']).optional(),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/**
 * When staff notices are mailed (the outbox's quiet hours): reminders, escalations and other mail to staff raised
 * outside from–until on a working day (the pinned calendar: holidays, 调休, closures) wait until `from` of the next
 * working day, Beijing time. The overdue mark itself never waits. `urgentKinds` go at once whatever the hour; notices
 * to petitioners always go at once.
 */
const staffNoticeHoursSchema = z
  .object({
    from: clockTime,
    until: clockTime,
    urgentKinds: z.array(z.enum(Object.keys(noticeKinds) as [NoticeKind])).default(['leadershipAlert']),
  })
  .refine((hours) => hours.from < hours.until, { message: 'from 应早于 until' });

export type StaffNoticeHours = z.infer<typeof staffNoticeHoursSchema>;

const hospitalSchema = z.object({
  hospitalName: z.string().min(1),
  /** The 信访办's phone for petitioners (shown on /lookup); digits, spaces, -, +, （）, 转. */
  officePhone: z.string().regex(/^[0-9+()（）\s\-转]{5,40}$/u).optional(),
  defaultPolicy: z.string().min(1),
  closures: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  staff: z.array(staffSchema),
  departments: z.array(departmentSchema).min(1),
  authorities: z.array(authoritySchema).default([]),
  routing: z.record(z.enum(Object.keys(categories) as [keyof typeof categories]), z.string()),
  staffNoticeHours: staffNoticeHoursSchema.default({ from: '08:30', until: '17:30', urgentKinds: ['leadershipAlert'] }),
});

export type HospitalConfig = z.infer<typeof hospitalSchema>;

export function loadHospitalConfig(file: string): HospitalConfig {
  const parsed = hospitalSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${file}: ${problems}`);
  }
  const config = parsed.data;
  const departmentCodes = new Set(config.departments.map((d) => d.code));
  for (const [category, code] of Object.entries(config.routing)) {
    if (!departmentCodes.has(code)) throw new Error(`${file}: routing.${category}: unknown department ${code}`);
  }
  // One authority answers each review stage (复查, 复核): two would leave the case file without one addressee.
  for (const stage of ['recheck', 'reexamination'] as const) {
    const reviewing = config.authorities.filter((authority) => authority.reviews === stage);
    if (reviewing.length > 1) throw new Error(`${file}: authorities: ${reviewing.map((a) => a.code).join('、')} 都标为 reviews: ${stage}，每个复查（复核）阶段只能由一个上级机关受理`);
  }
  // The 分管院领导 decides the department's extension requests (第三十四条): a name that is no leader grants nothing.
  const leaders = new Set(config.staff.filter((member) => member.role === 'leader' || member.role === 'president').map((member) => member.id));
  for (const department of config.departments) {
    if (department.leaderInCharge !== undefined && !leaders.has(department.leaderInCharge)) {
      throw new Error(`${file}: departments.${department.code}.leaderInCharge: ${department.leaderInCharge} 不是配置中的院领导（role leader 或 president）`);
    }
  }
  return config;
}

/** Configuration is the source of truth for departments and staff; the database mirrors it at start-up. */
export async function seedHospital(prisma: PrismaClient, config: HospitalConfig): Promise<void> {
  for (const department of config.departments) {
    const row = { ...department, headName: department.headName ?? null, headEmail: department.headEmail ?? null, leaderInCharge: department.leaderInCharge ?? null, active: true };
    await prisma.department.upsert({ where: { code: department.code }, create: row, update: row });
  }
  for (const member of config.staff) {
    const row = { name: member.name, email: member.email, role: member.role, departmentCode: member.departmentCode ?? null, active: true };
    await prisma.staffMember.upsert({ where: { id: member.id }, create: { id: member.id, ...row }, update: row });
  }
}
