import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { parseRegisterNumber } from '../../workflows/ids';
import { sendBadRequest, sendError } from '../api/http-errors';
import { allow, principalOf } from '../auth/middleware';
import { seesPetitionerIdentity, serviceRefusal } from '../auth/petition-access';
import { ledgerSheetRows } from '../ledger-import/ledger-sheet';
import { auditEntryOf, auditRequest, recordAudit } from '../audit/audit-trail';
import { reportWorkbook } from './excel';
import { MissingCjkFontError, type CjkFontSettings } from './fonts';
import { letterPdf, letterText, LetterNotAvailable, type LetterKind } from './letters';
import { buildReport } from './report';
import { loadDeadlineSheetRows, loadReportRows } from './report-rows';
import { rangeQuerySchema, reportRangeOf, shanghaiDateOf } from './range';
import { causes, type Cause } from './vocabulary';

export interface ReportContext {
  prisma: PrismaClient;
  hospitalName: string;
  publicBaseUrl: string;
  /** The font of the PDF letters; the installed Noto Sans CJK when not set. */
  font?: CjkFontSettings;
  /** The authorities above that answer 复查 / 复核 (the 处理意见书 names the one for 复查). */
  reviewAuthorities?: ReadonlyArray<{ code: string; name: string; reviews?: string }>;
}

export async function currentReport(prisma: PrismaClient, query: { from?: string; to?: string }) {
  return buildReport(await loadReportRows(prisma), reportRangeOf(query), new Date());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/reports, GET /api/reports/export.xlsx */
export function reportRoutes(context: ReportContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!allow(req, res, 'reports')) return;
    const parsed = rangeQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendBadRequest(res, parsed.error);
    res.json(await currentReport(context.prisma, { from: parsed.data.from || undefined, to: parsed.data.to || undefined }));
  });
  router.get('/export.xlsx', async (req, res) => {
    if (!allow(req, res, 'reports')) return;
    const parsed = rangeQuerySchema.safeParse(req.query);
    if (!parsed.success) return sendBadRequest(res, parsed.error);
    const range = { from: parsed.data.from || undefined, to: parsed.data.to || undefined };
    const report = await currentReport(context.prisma, range);
    // The case-level 台账 sheet in the import's columns (export → import round-trips); names only as the viewer may see them.
    const principal = principalOf(req);
    const ledger = await ledgerSheetRows(context.prisma, reportRangeOf(range), (petition) => principal !== undefined && seesPetitionerIdentity(principal, petition));
    // The workbook carries the case-level 台账 sheet (names as the caller may see them): an export of personal data.
    await auditRequest(context.prisma, req, { action: 'export.report', outcome: 'ok', fields: ['petitioner.name', 'content'], detail: `${parsed.data.from || ''}..${parsed.data.to || ''}` });
    const file = `信访统计-${shanghaiDateOf(new Date())}.xlsx`;
    res.setHeader('content-type', XLSX_TYPE);
    res.setHeader('content-disposition', `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`);
    const deadlines = await loadDeadlineSheetRows(context.prisma, reportRangeOf(range), new Date());
    res.send(await reportWorkbook(report, context.hospitalName, ledger, deadlines));
  });
  return router;
}

const causeIds = Object.keys(causes) as [Cause, ...Cause[]];
const causeBodySchema = z.object({ cause: z.enum(causeIds).nullable() }).strict();

/** PUT /api/petitions/:number/cause and GET /api/petitions/:number/letters/<kind>.pdf */
export function petitionReportRoutes(context: ReportContext): Router {
  const router = Router();
  router.put('/:number/cause', async (req, res) => {
    if (!allow(req, res, 'setCause')) return;
    const service = serviceRefusal(principalOf(req)!);
    if (service) return sendError(res, 403, service);
    const number = String(req.params.number);
    if (!parseRegisterNumber(number)) return sendError(res, 400, '信访编号格式无效');
    const parsed = causeBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendBadRequest(res, parsed.error);
    // The change and its audit row commit together (services/audit/audit-trail.ts).
    const updated = await context.prisma.$transaction(async (tx) => {
      const changed = await tx.petition.updateMany({ where: { number }, data: { cause: parsed.data.cause } });
      if (changed.count > 0) await recordAudit(tx, auditEntryOf(req, { action: 'petition.setCause', outcome: 'ok', number, fields: ['cause'], detail: String(parsed.data.cause) }));
      return changed;
    });
    if (updated.count === 0) return sendError(res, 404, `未找到信访事项 ${number} (not found)`);
    res.json({ number, cause: parsed.data.cause });
  });
  router.get('/:number/letters/:kind.pdf', async (req, res) => {
    // Letters name the petitioner: staff who may see everything only.
    if (!allow(req, res, 'readAll')) return;
    const number = String(req.params.number);
    const kind = String(req.params.kind);
    if (!parseRegisterNumber(number)) return sendError(res, 400, '信访编号格式无效');
    if (kind !== 'acceptance-notice' && kind !== 'reply-letter') return sendError(res, 404, '没有这种文书 (unknown letter)');
    await sendLetter(context, number, kind, res, () =>
      auditRequest(context.prisma, req, { action: 'export.letter', outcome: 'ok', number, fields: ['petitioner.name', 'petitioner.address', 'content'], detail: kind }));
  });
  return router;
}

export async function sendLetter(context: ReportContext, number: string, kind: LetterKind, res: import('express').Response, audit?: () => Promise<void>): Promise<void> {
  try {
    const pdf = await letterPdf(await letterText(context.prisma, number, kind, context), context.font);
    await audit?.();
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `inline; filename="${number}-${kind}.pdf"`);
    res.send(pdf);
  } catch (error) {
    if (error instanceof LetterNotAvailable) return sendError(res, 404, error.message);
    if (error instanceof MissingCjkFontError) return sendError(res, 503, error.message);
    throw error;
  }
}
