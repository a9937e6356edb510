import type { Client } from '@temporalio/client';
import { formBody } from '../api/security';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { petitionWorkflowId } from '../../workflows/ids';
import { petitionStateQuery, type PetitionState } from '../../workflows/petition/messages';
import { TransitionRefused } from '../petitions/commands';
import { appendAudit } from './audit';
import { petitionerFieldsShown } from '../audit/audit-trail';
import { closesPage, isLinkAction, linkConfirmation, pagePurposes, runLinkAction } from './link-actions';
import { authorityPage, departmentPage, leaderPage, messagePage } from './link-pages';
import type { Clock } from '../../activities/settings';
import type { LinkRefusal, LinkRow, LinkService } from './link-service';
import type { LinkPurpose } from './link-tokens';
import { linkStylesheet } from './link-styles';
import { authorityPageData, departmentPageData, leaderPageData, loadPetition } from './page-data';

export interface LinkRoutesContext {
  prisma: PrismaClient;
  temporal: Client;
  links: LinkService;
  log: Logger;
  hospitalName: string;
  clock: Clock;
  /** The authorities above (hospital configuration): an authority's review page names it. */
  authorities?: ReadonlyArray<{ code: string; name: string; reviews?: string }>;
}

const refusalPages: Record<LinkRefusal, { status: number; title: string; message: string }> = {
  invalid: { status: 400, title: '链接无效', message: '该链接无效或已被改动，请使用邮件中的原始链接。' },
  'wrong-petition': { status: 403, title: '链接与信访事项不符', message: '该链接不属于此信访事项，操作未执行。' },
  'wrong-purpose': { status: 403, title: '链接用途不符', message: '该链接不能用于此项操作，操作未执行。' },
  expired: { status: 410, title: '链接已过期', message: '该链接已超过有效期。如需继续办理，请联系本院信访办公室。' },
  used: { status: 409, title: '链接已使用', message: '该链接已经使用过，不能重复提交。如需了解办理进度，请联系本院信访办公室。' },
};

function send(res: Response, status: number, html: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(html);
}

function formErrors(error: ZodError): string {
  return error.issues.map((issue) => issue.message).join('；');
}

/** The fields a page shows: the petitioner's contact only with consent (./page-data.ts), the content always. */
function viewedFields(petition: NonNullable<Awaited<ReturnType<typeof loadPetition>>>): string[] {
  const contact = petition.anonymous || !petition.petitioner?.consentToDisclose ? undefined : petition.petitioner;
  return [...petitionerFieldsShown(contact ? { name: contact.name, phone: contact.phone, email: contact.email } : undefined), 'content'];
}

/** GET /links/:number?t=… shows a page; POST /links/:number/:action with the form's token submits it. */
export function linkRoutes(context: LinkRoutesContext): Router {
  const { prisma, links, log, hospitalName } = context;
  const router = Router();
  router.use(formBody({ limit: '1mb', parameterLimit: 20 }));

  router.get('/assets/links.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(linkStylesheet);
  });

  async function refuse(req: Request, res: Response, action: string, number: string, refusal: LinkRefusal, subject?: string, row?: LinkRow) {
    const page = refusalPages[refusal];
    await appendAudit(prisma, log, req, { actor: subject ?? 'anonymous', action, outcome: refusal, number, petitionId: row?.petitionId, linkJti: row?.jti, status: page.status });
    send(res, page.status, messagePage(hospitalName, page.title, page.message, 'error'));
  }

  /** Back to the page a form came from (its page link, signed again from the row). */
  function backLink(number: string, page: LinkRow): string {
    if (!pagePurposes.includes(page.purpose as LinkPurpose)) return '';
    return `<p><a href="/links/${encodeURIComponent(number)}?t=${encodeURIComponent(links.pageToken(page))}" id="back-to-page">返回办理页面</a></p>`;
  }

  async function workflowState(number: string): Promise<PetitionState> {
    return context.temporal.workflow.getHandle(petitionWorkflowId(number)).query(petitionStateQuery);
  }

  router.get('/:number', async (req, res) => {
    const number = req.params.number;
    const token = req.query.t;
    const checked = await links.check(token, number, pagePurposes);
    // A department page closed by a reply before replies kept it open still shows that reply, read-only.
    const closedPage = !checked.ok && checked.refusal === 'used' && checked.row?.purpose === 'handle' && checked.row.subject.startsWith('dept:') ? checked.row : undefined;
    if (!checked.ok && !closedPage) return refuse(req, res, 'link.view', number, checked.refusal, checked.subject, checked.row);
    const row = checked.ok ? checked.row : closedPage!;
    const petition = await loadPetition(prisma, row.petitionId);
    if (!petition) return refuse(req, res, 'link.view', number, 'invalid', row.subject, row);
    let state: PetitionState;
    try {
      state = await workflowState(number);
    } catch (err) {
      log.error({ err, number }, 'link page: workflow state unavailable');
      await appendAudit(prisma, log, req, { actor: row.subject, action: 'link.view', outcome: 'error', number, petitionId: row.petitionId, linkJti: row.jti });
      return send(res, 503, messagePage(hospitalName, '暂时无法打开', '系统暂时无法读取办理进度，请稍后再试。', 'error'));
    }
    const pageContext = { prisma, links, hospitalName, now: context.clock.now(), authorities: context.authorities };
    if (closedPage) {
      const shown = await departmentPageData(pageContext, row, petition, state, { readOnly: true });
      // Only while the department still leads the petition and has a reply to read (submitted is the lead's only);
      // a case it returned stays closed.
      if (!shown.submitted) return refuse(req, res, 'link.view', number, 'used', row.subject, row);
      await appendAudit(prisma, log, req, { actor: row.subject, action: 'link.view', outcome: 'read-only', number, petitionId: row.petitionId, linkJti: row.jti, fields: viewedFields(petition) });
      return send(res, 200, departmentPage(shown));
    }
    await links.markOpened(row);
    const html =
      row.purpose === 'decideExtension'
        ? leaderPage(await leaderPageData(pageContext, row, String(token), petition, state))
        : row.purpose === 'answerReview'
          ? authorityPage(await authorityPageData(pageContext, row, petition, state))
          : departmentPage(await departmentPageData(pageContext, row, petition, state));
    await appendAudit(prisma, log, req, { actor: row.subject, action: 'link.view', outcome: 'ok', number, petitionId: row.petitionId, linkJti: row.jti, fields: viewedFields(petition) });
    send(res, 200, html);
  });

  router.post('/:number/:action', async (req, res) => {
    const { number, action } = req.params;
    if (!isLinkAction(action)) return send(res, 404, messagePage(hospitalName, '页面不存在', '没有这项操作。', 'error'));
    const form = (req.body ?? {}) as Record<string, unknown>;
    const auditAction = `link.${action}`;
    const checked = await links.check(form.token, number, [action]);
    if (!checked.ok) return refuse(req, res, auditAction, number, checked.refusal, checked.subject, checked.row);
    const { row, parent } = checked;
    const audit = (outcome: string, detail?: string) =>
      appendAudit(prisma, log, req, { actor: row.subject, action: auditAction, outcome, number, petitionId: row.petitionId, linkJti: row.jti, detail });
    if (!(await links.claim(row))) return refuse(req, res, auditAction, number, 'used', row.subject, row);
    const { token: _token, ...fields } = form;
    try {
      const state = await runLinkAction(context, row, action, fields);
      if (parent && closesPage(action)) await links.closePage(parent.jti);
      await audit('ok');
      const back = parent && !closesPage(action) ? backLink(number, parent) : '';
      send(res, 200, messagePage(hospitalName, '提交成功', linkConfirmation(action, state), 'ok', back));
    } catch (error) {
      await links.release(row);
      if (error instanceof ZodError || error instanceof TransitionRefused) {
        const reason = error instanceof ZodError ? formErrors(error) : error.message;
        await audit(error instanceof ZodError ? 'invalid-form' : 'refused', reason);
        return send(res, error instanceof ZodError ? 400 : 409, messagePage(hospitalName, '未能提交', `操作未执行：${reason}`, 'error', backLink(number, parent ?? row)));
      }
      log.error({ err: error, number, action }, 'link submission failed');
      await audit('error');
      send(res, 500, messagePage(hospitalName, '系统错误', '系统暂时无法处理，请稍后重试。您填写的内容未被保存。', 'error'));
    }
  });

  return router;
}
