import { likelyDuplicates } from '../console/likely-duplicates';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { statuses, type PetitionStatus } from '../../workflows/domain/catalog';
import { parseRegisterNumber, petitionWorkflowId } from '../../workflows/ids';
import { petitionStateQuery, type PetitionState } from '../../workflows/petition/messages';
import { commandList } from '../petitions/command-catalog';
import { parseCommandInput, PetitionNotFound, petitionView, runCommand, TransitionRefused } from '../petitions/commands';
import {
  registerPetition,
  registrationSchema,
  UnknownAuthorityError,
  UnknownPolicyError,
  type RegistrationContext,
} from '../petitions/registration';
import { allow, principalOf } from '../auth/middleware';
import { commandRefusal, ledgerScope, maySeePetition, redactPetition } from '../auth/petition-access';
import { calendarWarnings, describeDeadlines } from './deadline-view';
import { sendBadRequest, sendError } from './http-errors';
import { isOverdue } from '../../workflows/domain/overdue';
import { auditEntryOf, auditRequest, personalFieldsOf, recordAudit } from '../audit/audit-trail';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';

export interface PetitionRoutesContext extends RegistrationContext {
  prisma: PrismaClient;
  temporal: Client;
  actorOf(req: Request): string;
}

const statusIds = Object.keys(statuses) as [PetitionStatus, ...PetitionStatus[]];
const ledgerQuerySchema = z.object({
  status: z.enum(statusIds).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

function registerNumberOf(req: Request, res: Response): string | undefined {
  const number = String(req.params.number);
  if (parseRegisterNumber(number)) return number;
  sendError(res, 400, `信访编号格式无效，应为 XF-年份-6位序号 (number: ${number.slice(0, 40)})`);
  return undefined;
}

function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function petitionRoutes(context: PetitionRoutesContext): Router {
  const router = Router();
  const { prisma, temporal } = context;

  router.post('/', async (req, res) => {
    if (!allow(req, res, 'register')) return;
    const parsed = registrationSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendBadRequest(res, parsed.error);
    const key = req.header('idempotency-key');
    if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
      return sendError(res, 400, 'Idempotency-Key 格式无效 (8–100 characters of A-Z a-z 0-9 _ . : -)');
    }
    try {
      // The audit row commits with the petition: a registration that cannot be recorded is not stored (503).
      const registered = await registerPetition(context, parsed.data, context.actorOf(req), key, (db, petition) =>
        recordAudit(db, auditEntryOf(req, { action: 'petition.register', outcome: petition.created ? 'ok' : 'repeat', number: petition.number, petitionId: petition.id, fields: Object.keys(parsed.data) })));
      // 信访工作条例 第三十五条: a matter whose 复核 is done is not accepted again. The registration stands (staff
      // decide), and the answer names the earlier case.
      const person = parsed.data.anonymous ? undefined : parsed.data.petitioner;
      const reviewed = (await likelyDuplicates(prisma, { phone: person?.phone, idNumber: person?.idNumber, content: parsed.data.content }, new Date()))
        .filter((earlier) => earlier.reviewFinished && earlier.number !== registered.number);
      const warnings = reviewed.map((earlier) => ({ kind: 'reviewFinished', number: earlier.number, message: `${earlier.number} 已经复核：对复核意见不服，仍以同一事实和理由提出的，不再受理（信访工作条例第三十五条）` }));
      return res.status(registered.created ? 201 : 200).json(warnings.length ? { ...registered, warnings } : registered);
    } catch (error) {
      if (error instanceof UnknownPolicyError) {
        return res.status(400).json({ error: '请求参数无效', fields: [{ field: 'policyId', message: `未知的办理规则 (unknown policy ${error.message})` }] });
      }
      if (error instanceof UnknownAuthorityError) {
        return res.status(400).json({ error: '请求参数无效', fields: [{ field: 'handedDown.authority', message: `未配置的上级机关 (unknown authority ${error.message})` }] });
      }
      throw error;
    }
  });

  router.get('/', async (req, res) => {
    const parsed = ledgerQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendBadRequest(res, parsed.error);
    const { status, page, pageSize } = parsed.data;
    const where = { AND: [status ? { status } : {}, ledgerScope(principalOf(req)!)] };
    const [total, rows] = await Promise.all([
      prisma.petition.count({ where }),
      prisma.petition.findMany({
        where,
        orderBy: [{ year: 'desc' }, { seq: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        select: {
          number: true, status: true, channel: true, category: true, peopleCount: true, anonymous: true,
          leadDepartment: true, dueAt: true, overdue: true, receivedAt: true, registeredAt: true, closedAt: true, policyId: true,
          deadlines: true,
        },
      }),
    ]);
    const now = new Date();
    // `overdue` is overdue now, as every view decides it (workflows/domain/overdue.ts).
    const items = rows.map(({ deadlines, ...row }) => ({
      ...row, overdue: isOverdue(petitionFactsOf({ ...row, deadlines }), now), statusLabel: statuses[row.status as PetitionStatus],
    }));
    res.json({ total, page, pageSize, items });
  });

  router.get('/:number', async (req, res) => {
    const number = registerNumberOf(req, res);
    if (!number) return;
    const petition = await prisma.petition.findUnique({
      where: { number },
      include: {
        petitioner: true,
        events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
        notifications: { orderBy: { createdAt: 'asc' }, select: { template: true, recipient: true, subject: true, status: true, sentAt: true } },
        documents: { where: { accepted: true }, orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, body: true, author: true, createdAt: true } },
      },
    });
    if (!petition) return sendError(res, 404, `未找到信访事项 ${number} (not found)`);
    const principal = principalOf(req)!;
    if (!maySeePetition(principal, petition)) return sendError(res, 403, '无权查看：该信访事项未交办给您的部门 (not assigned to your department)');
    let workflowState: PetitionState | null;
    try {
      workflowState = await temporal.workflow.getHandle(petitionWorkflowId(number)).query(petitionStateQuery);
    } catch {
      workflowState = null;
    }
    // Staff notices the mail outbox has not mailed yet (quiet hours, a mail server down), with when they go.
    const queuedNotices = await prisma.outboxNotice.findMany({
      where: { petitionId: petition.id, status: 'pending' },
      orderBy: { nextAttemptAt: 'asc' },
      select: { kind: true, queuedAt: true, notBefore: true, nextAttemptAt: true, heldReason: true, attempts: true },
    });
    const deadlines = describeDeadlines(workflowState, new Date());
    const overdue = isOverdue(petitionFactsOf(petition), new Date());
    const view = { ...petition, queuedNotices, overdue, statusLabel: statuses[petition.status as PetitionStatus], workflow: workflowState, deadlines, calendarWarnings: calendarWarnings(deadlines) };
    const shown = redactPetition(principal, view);
    // The view is on the audit trail, with the personal data it shows, before anything is sent.
    await auditRequest(prisma, req, { action: 'petition.view', outcome: 'ok', number, petitionId: petition.id, fields: personalFieldsOf(shown) });
    res.json(toJson(shown));
  });

  // POST /api/petitions/:number/<slug>, one route per catalog entry: role and party check (403), input (400), Update.
  for (const { key, slug } of commandList) {
    router.post(`/:number/${slug}`, async (req, res) => {
      const number = registerNumberOf(req, res);
      if (!number) return;
      const links = await prisma.petition.findUnique({ where: { number }, select: { id: true, leadDepartment: true, cooperatingDepartments: true } });
      const audit = (outcome: string, status: number, detail?: string) =>
        auditRequest(prisma, req, { action: `command.${key}`, outcome, status, number, petitionId: links?.id, fields: Object.keys((req.body ?? {}) as object), detail });
      const refusal = commandRefusal(principalOf(req)!, key, req.body ?? {}, links ?? { leadDepartment: null, cooperatingDepartments: [] });
      if (refusal) {
        await audit('forbidden', 403, refusal);
        return sendError(res, 403, refusal);
      }
      const parsed = parseCommandInput(key, req.body ?? {});
      if (!parsed.success) {
        await audit('invalid', 400);
        return sendBadRequest(res, parsed.error);
      }
      try {
        await runCommand(context, number, key, parsed.data, { actor: context.actorOf(req), role: principalOf(req)!.role });
        await audit('ok', 200);
        // The JSON API answers the petition as it now stands, as it always has.
        return res.json(await petitionView(context, number));
      } catch (error) {
        if (error instanceof PetitionNotFound) {
          await audit('not-found', 404);
          return sendError(res, 404, `未找到信访事项 ${number} (not found)`);
        }
        if (error instanceof TransitionRefused) {
          await audit('refused', 409, error.message);
          return sendError(res, 409, error.message);
        }
        throw error;
      }
    });
  }

  return router;
}
