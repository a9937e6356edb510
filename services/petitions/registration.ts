import { randomInt } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { z } from 'zod';
import type { Petition, Prisma, PrismaClient } from '../../generated/prisma/client';
import type { AuditDb } from '../audit/audit-trail';
import { categories, channels, type Category, type Channel } from '../../workflows/domain/catalog';
import type { EventType } from '../../workflows/domain/events';
import { storedPolicy } from '../../activities/policy-text';
import { bundledPolicy, pinPolicyVersion, type CurrentPolicy } from '../policy-versions';
import type { CalendarData } from '../../workflows/deadlines';
import { alertReasons } from './alerts';
import { formatRegisterNumber, petitionWorkflowId } from '../../workflows/ids';
import { isAlertReason, type AlertReason } from '../../workflows/domain/alerts';
import { isHandedDownChannel, type HandedDownMatter } from '../../workflows/domain/handed-down';
import { shanghaiDayOf, yearOf } from '../../workflows/domain/shanghai';
import type { PetitionWorkflowInput } from '../../workflows/petition/messages';
import type { petitionWorkflow } from '../../workflows/petition/workflow';
import {
  PetitionCategory,
  PetitionChannel,
  PetitionNumber,
  PetitionPolicy,
  PetitionStatus,
  Overdue,
} from '../../workflows/search-attributes';

const channelIds = Object.keys(channels) as [Channel, ...Channel[]];
const categoryIds = Object.keys(categories) as [Category, ...Category[]];

export const registrationSchema = z
  .object({
    channel: z.enum(channelIds),
    category: z.enum(categoryIds),
    anonymous: z.boolean().default(false),
    petitioner: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        phone: z.string().trim().regex(/^[0-9+\-() ]{5,30}$/).optional(),
        email: z.string().trim().email().max(200).optional(),
        idNumber: z.string().trim().max(30).optional(),
        address: z.string().trim().max(300).optional(),
        relationToPatient: z.string().trim().max(50).optional(),
        consentToDisclose: z.boolean().default(false),
      })
      .strict()
      .optional(),
    peopleCount: z.number().int().min(1).max(100_000).default(1),
    content: z.string().trim().min(1).max(20_000),
    complainedAbout: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    claimAmount: z.number().nonnegative().max(100_000_000_000).multipleOf(0.01).optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    policyId: z.string().min(1).max(64).optional(),
    /** 越级访: the petitioner went over the hospital's head (besides channel higher_authority). */
    levelSkipping: z.boolean().optional(),
    /**
     * 上级交办 / 12345 转办: the authority (its code in hospital configuration), its 交办文号 or 工单号, its deadline for
     * the matter and its reporting duty (the 办结报告's due instant, by default the matter's deadline).
     */
    handedDown: z
      .object({
        authority: z.string().trim().min(1).max(32),
        referenceNumber: z.string().trim().min(1).max(64).refine((value) => !/\p{Cc}/u.test(value), { message: '交办文号不能含控制字符' }),
        dueAt: z.iso.datetime({ offset: true }),
        reportRequired: z.boolean().default(true),
        reportDueAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.anonymous && !value.petitioner?.name) {
      ctx.addIssue({ code: 'custom', path: ['petitioner', 'name'], message: '实名信访须填写信访人姓名' });
    }
    if (value.receivedAt && Date.parse(value.receivedAt) > Date.now() + 60_000) {
      ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: '收到时间不能晚于当前时间' });
    }
    const matter = value.handedDown;
    if (matter) {
      if (!isHandedDownChannel(value.channel)) {
        ctx.addIssue({ code: 'custom', path: ['handedDown'], message: '只有“上级交办”或“12345/市长热线转办”的信访事项才登记交办信息' });
      }
      const received = value.receivedAt ? Date.parse(value.receivedAt) : Date.now();
      if (Date.parse(matter.dueAt) <= received) {
        ctx.addIssue({ code: 'custom', path: ['handedDown', 'dueAt'], message: '交办期限须晚于收到时间' });
      }
      if (!matter.reportRequired && matter.reportDueAt) {
        ctx.addIssue({ code: 'custom', path: ['handedDown', 'reportDueAt'], message: '未要求报送办结报告时不填写报告期限' });
      }
      if (matter.reportDueAt && Date.parse(matter.reportDueAt) <= received) {
        ctx.addIssue({ code: 'custom', path: ['handedDown', 'reportDueAt'], message: '办结报告期限须晚于收到时间' });
      }
    }
  });

export type Registration = z.infer<typeof registrationSchema>;

export interface RegistrationContext {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  defaultPolicy: string;
  knownPolicies: ReadonlySet<string>;
  /** The authorities above configured in hospital configuration (code → name); a handed-down matter names one of them. */
  authorities?: ReadonlyMap<string, string>;
  /** The authorities above that answer a review (authorities[].reviews): 复查, 复核. */
  reviewAuthorities?: ReadonlyArray<{ code: string; name: string; reviews?: string }>;
  /** The calendar a new petition counts with (official schedule, supplements, closures), pinned in its workflow input. */
  calendarSnapshot?: (receivedAt: Date) => CalendarData;
  /** The policy file as it is now (default: the bundled files); its version is pinned (services/policy-versions.ts). */
  currentPolicy?: CurrentPolicy;
}

export interface RegisteredPetition {
  number: string;
  workflowId: string;
  queryCode: string;
  created: boolean;
}

export class UnknownPolicyError extends Error {}
/** A handed-down matter names an authority that hospital configuration does not list. */
export class UnknownAuthorityError extends Error {}

/** What the registered event keeps of a handed-down matter (codes, a reference number, instants): the workflow's input. */
function handedDownRecord(registration: Registration): HandedDownMatter | undefined {
  const matter = registration.handedDown;
  if (!matter) return undefined;
  const record: HandedDownMatter = { authority: matter.authority, referenceNumber: matter.referenceNumber, dueAt: new Date(matter.dueAt).toISOString() };
  if (matter.reportRequired) record.reportDueAt = new Date(matter.reportDueAt ?? matter.dueAt).toISOString();
  return record;
}

function handedDownOf(payload: unknown): { handedDown: HandedDownMatter } | Record<string, never> {
  const matter = (payload as { handedDown?: HandedDownMatter } | null)?.handedDown;
  return matter && typeof matter.authority === 'string' && typeof matter.dueAt === 'string' ? { handedDown: matter } : {};
}

/**
 * Writes the registration's audit row: inside the transaction that stores a new petition (a row that cannot be
 * written stores nothing and gives the number back), or, for a form sent again, before the answer (nothing changed).
 */
export type RegistrationAudit = (db: AuditDb, petition: { id: string; number: string; created: boolean }) => Promise<void>;

function shanghaiYear(instant: Date): number {
  return yearOf(shanghaiDayOf(instant));
}

function newQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * The register number is taken in the same transaction that stores the petition (and its audit row, when the caller
 * records one), so a failed registration gives its number back and the ledger has no gaps. The workflow is started
 * afterwards; a petition whose start failed is picked up again by startPendingWorkflows.
 */
export async function registerPetition(
  context: RegistrationContext,
  registration: Registration,
  actor: string,
  registrationKey?: string,
  audit?: RegistrationAudit,
): Promise<RegisteredPetition> {
  const { prisma } = context;
  if (registrationKey) {
    const existing = await prisma.petition.findUnique({ where: { registrationKey } });
    if (existing) {
      await audit?.(prisma, { id: existing.id, number: existing.number, created: false });
      await startWorkflowFor(context, existing.id);
      return { number: existing.number, workflowId: existing.workflowId, queryCode: existing.queryCode, created: false };
    }
  }
  const policyId = registration.policyId ?? context.defaultPolicy;
  if (!context.knownPolicies.has(policyId)) throw new UnknownPolicyError(policyId);
  const handedDown = handedDownRecord(registration);
  if (handedDown && !context.authorities?.has(handedDown.authority)) throw new UnknownAuthorityError(handedDown.authority);
  const policy = await pinPolicyVersion(prisma, (context.currentPolicy ?? bundledPolicy)(policyId));
  const now = new Date();
  const year = shanghaiYear(now);
  const receivedAt = registration.receivedAt ? new Date(registration.receivedAt) : now;
  const alerts = await alertReasons(prisma, { ...registration, petitioner: registration.anonymous ? undefined : registration.petitioner }, receivedAt);
  const petition = await prisma.$transaction(async (tx) => {
    // The petitioner first: the year's counter row stays locked from its increment to the commit, so as few
    // statements as possible follow it (registrations queue on that lock).
    const petitioner = registration.anonymous || !registration.petitioner
      ? null
      : await tx.petitioner.create({ data: { ...registration.petitioner } });
    const [counter] = await tx.$queryRaw<Array<{ last: number }>>`
      INSERT INTO "RegisterCounter" ("year", "last") VALUES (${year}, 1)
      ON CONFLICT ("year") DO UPDATE SET "last" = "RegisterCounter"."last" + 1
      RETURNING "last"`;
    const seq = Number(counter.last);
    const number = formatRegisterNumber(year, seq);
    const created = await tx.petition.create({
      data: {
        number,
        year,
        seq,
        workflowId: petitionWorkflowId(number),
        status: 'registered',
        channel: registration.channel,
        category: registration.category,
        anonymous: registration.anonymous,
        peopleCount: registration.peopleCount,
        content: registration.content,
        complainedAbout: registration.complainedAbout,
        claimAmount: registration.claimAmount,
        policyId,
        policyVersion: policy.version,
        queryCode: newQueryCode(),
        receivedAt,
        registeredAt: now,
        registrationKey: registrationKey ?? null,
        petitionerId: petitioner?.id ?? null,
      },
    });
    const registered = await tx.petitionEvent.create({
      data: {
        petitionId: created.id,
        type: 'registered' satisfies EventType,
        actor,
        payload: { channel: created.channel, category: created.category, peopleCount: created.peopleCount, alerts, ...(handedDown ? { handedDown: { ...handedDown } } : {}) } as Prisma.InputJsonObject,
        occurredAt: now,
        idempotencyKey: `${created.workflowId}:registered`,
      },
    });
    await audit?.(tx, { id: created.id, number: created.number, created: true });
    return { created, registered };
  });
  await startWorkflowFor(context, petition.created.id, { petition: petition.created, registered: petition.registered });
  return { number: petition.created.number, workflowId: petition.created.workflowId, queryCode: petition.created.queryCode, created: true };
}

function alertsOf(payload: unknown): AlertReason[] {
  const alerts = (payload as { alerts?: unknown } | null)?.alerts;
  return Array.isArray(alerts) ? alerts.filter(isAlertReason) : [];
}

/** The import of an open 台账 row (its registered event says so): its alerts go into that import's summary mail. */
function ledgerImportOf(payload: unknown): { ledgerImportId: string } | Record<string, never> {
  const { imported, importId } = (payload ?? {}) as { imported?: unknown; importId?: unknown };
  return imported === true && typeof importId === 'string' ? { ledgerImportId: importId } : {};
}

/** The rows registerPetition has just written, so the start need not read them back. */
interface JustRegistered {
  petition: Petition;
  registered: { actor: string; payload: Prisma.JsonValue };
}

export async function startWorkflowFor(context: RegistrationContext, petitionId: string, justRegistered?: JustRegistered): Promise<void> {
  // Right after registration the rows are in hand: the HTTP answer waits on the workflow start, not on reading them back.
  const petition = justRegistered?.petition ?? (await context.prisma.petition.findUniqueOrThrow({ where: { id: petitionId } }));
  if (petition.workflowStarted) return;
  const registered = justRegistered?.registered ?? (await context.prisma.petitionEvent.findFirst({ where: { petitionId, type: 'registered' } }));
  // The version pinned at registration, read back from the store (a start retried after the file changed keeps it).
  const policy = await storedPolicy(context.prisma, petition);
  const input: PetitionWorkflowInput = {
    number: petition.number,
    petitionId: petition.id,
    channel: petition.channel as Channel,
    category: petition.category as Category,
    peopleCount: petition.peopleCount,
    anonymous: petition.anonymous,
    policyId: petition.policyId,
    receivedAt: petition.receivedAt.toISOString(),
    registeredBy: registered?.actor ?? 'system',
    policyVersion: petition.policyVersion,
    ...(policy ? { policy } : {}),
    alerts: alertsOf(registered?.payload),
    ...ledgerImportOf(registered?.payload),
    ...handedDownOf(registered?.payload),
    ...(context.calendarSnapshot ? { calendar: context.calendarSnapshot(petition.receivedAt) } : {}),
  };
  try {
    await context.temporal.workflow.start<typeof petitionWorkflow>('petitionWorkflow', {
      workflowId: petition.workflowId,
      taskQueue: context.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: PetitionNumber, value: petition.number },
        { key: PetitionStatus, value: 'registered' },
        { key: PetitionPolicy, value: petition.policyId },
        { key: PetitionChannel, value: petition.channel },
        { key: PetitionCategory, value: petition.category },
        { key: Overdue, value: false },
      ]),
      memo: { summary: `${petition.number} ${channels[input.channel]} ${categories[input.category].label} ${petition.peopleCount}人` },
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    await assertWorkflowBelongsTo(context, petition.workflowId, petition.registeredAt);
  }
  await context.prisma.petition.update({ where: { id: petitionId }, data: { workflowStarted: true } });
}

/**
 * "Already started" is fine when it is this petition's own workflow (a retried start). A run older than the petition
 * row means Temporal kept a petition of another database under the same number (a wiped database, a second
 * deployment on one namespace): refuse loudly instead of attaching this petition to someone else's workflow.
 */
async function assertWorkflowBelongsTo(context: RegistrationContext, workflowId: string, registeredAt: Date): Promise<void> {
  const description = await context.temporal.workflow.getHandle(workflowId).describe();
  const toleranceMs = 60_000;
  if (description.startTime.getTime() < registeredAt.getTime() - toleranceMs) {
    throw new Error(
      `Temporal 中已有更早的 ${workflowId}（${description.startTime.toISOString()} 启动），与本数据库的登记记录不符 ` +
        `(workflow id already used by a run that predates this petition; check TEMPORAL_NAMESPACE and DATABASE_URL)`,
    );
  }
}

/** Petitions stored but not yet running (the API died between the two steps) are started at the next boot. */
export async function startPendingWorkflows(context: RegistrationContext): Promise<number> {
  const pending = await context.prisma.petition.findMany({ where: { workflowStarted: false }, select: { id: true } });
  for (const { id } of pending) await startWorkflowFor(context, id);
  return pending.length;
}
