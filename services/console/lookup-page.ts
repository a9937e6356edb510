/**
 * The petitioner's progress lookup (/lookup): register number and query code, then what the petitioner may see —
 * the hospital, the stage, the date by which they are to be answered ("YYYY年M月D日24时前", workflows/domain/due.ts),
 * the steps they were told of, the approved answer, and the 信访办's phone. Laid out for a phone first.
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PrismaClient } from '../../generated/prisma/client';
import { parseRegisterNumber } from '../../workflows/ids';
import { formatDueChinese } from '../../workflows/domain/due';
import { isDeadlineOverdue, type DeadlineFact } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import type { AuthSettings } from '../auth/auth-settings';
import { auditRequest } from '../audit/audit-trail';
import { petitionerLetter } from '../petitions/petitioner-letter';
import { html, shanghaiDate, type Html } from './html';
import { page } from './layout';

/** The review path's department reply (a draft for the 信访办, not yet the petitioner's answer). */
const UNDER_REVIEW = '承办部门已答复，信访办审核中';

function stepLabel(event: { type: string; payload: unknown }): string | undefined {
  if (event.type === 'replied' && (event.payload as Record<string, unknown> | null)?.review === true) return UNDER_REVIEW;
  return publicSteps[event.type];
}

/** What the petitioner sees of each step: no staff, no departments, nothing internal (a return to the department is not shown). */
const publicSteps: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  declined: '不予受理',
  assigned: '已交承办部门调查处理',
  replied: '已形成书面处理意见',
  reply_approved: '已形成书面处理意见',
  fed_back: '已答复信访人',
  archived: '已办结归档',
};

/** Steps the petitioner was told of by a letter of their own (petitioner-audience notices), by notice kind. */
const toldSteps: Record<string, string> = {
  extension: '办理期限延长（已发延期告知书）',
  'deadline-recalculated-petitioner': '办理期限调整（已发期限变更告知书）',
  'clock-paused': '暂停计时（已发中止计时告知书）',
  'clock-resumed': '恢复计时（已发恢复计时告知书）',
};

/** Who answers the lookup and whom to call (config/hospital.json). */
export interface LookupOffice {
  hospitalName: string;
  officePhone?: string;
}

/**
 * The date the petitioner waits for, by stage: whether it is accepted (受理告知), the written answer (the lead
 * department's handling deadline, the matter's, shown until the petition is answered), or the 复查/复核 answer.
 */
function awaitedDeadline(row: Parameters<typeof petitionFactsOf>[0]): { label: string; fact: DeadlineFact } | undefined {
  const deadlines = petitionFactsOf(row).deadlines;
  const running = deadlines.filter((d) => d.status === 'open' || d.status === 'overdue');
  const review = running.find((d) => d.kind === 'reviewAnswer' && (d.department ?? null) === row.leadDepartment) ?? running.find((d) => d.kind === 'reviewAnswer');
  if (review) return { label: '复查（复核）答复期限', fact: review };
  if (row.status === 'registered') {
    const acceptance = running.find((d) => d.kind === 'acceptance');
    return acceptance ? { label: '告知是否受理期限', fact: acceptance } : undefined;
  }
  if (!['accepted', 'assigned', 'replied'].includes(row.status)) return undefined;
  const handling = deadlines.filter((d) => d.kind === 'handling' && d.status !== 'cancelled');
  const lead = handling.filter((d) => (d.department ?? null) === row.leadDepartment);
  const fact = [...(lead.length ? lead : handling)].sort((a, b) => Date.parse(b.dueAt) - Date.parse(a.dueAt))[0];
  return fact ? { label: '书面答复期限', fact } : undefined;
}

function deadlineText(fact: DeadlineFact, now: Date, answered: boolean): string {
  const due = formatDueChinese(fact.dueAt);
  if (answered) return `${due}（已书面答复）`;
  if (fact.pausedAt) return `${due}（补充材料期间暂停计时，材料补齐后继续计算）`;
  return isDeadlineOverdue(fact, now) ? `${due}（已超过期限，信访办正在督办）` : due;
}

function officeContact(office: LookupOffice): Html {
  if (!office.officePhone) return html``;
  const dial = office.officePhone.replace(/转.*$/u, '').replace(/[^0-9+]/g, '');
  return html`<p class="contact" id="lookup-phone">如有疑问，请致电${office.hospitalName}信访办：<a href="tel:${dial}">${office.officePhone}</a></p>`;
}

function lookupForm(number = '', error?: string): Html {
  return html`<form method="post" action="/lookup" class="card narrow" id="lookup-form">
${error ? html`<p class="flash error" role="alert">${error}</p>` : ''}
<label>信访编号 <input name="number" value="${number}" placeholder="XF-2026-000001" required></label>
<label>查询码 <input name="code" inputmode="numeric" autocomplete="off" required></label>
<button type="submit">查询</button>
</form>`;
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function text(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : '';
}

/** The personal data the lookup shows, as the audit trail names it: progress always, a decline's or a reply's text when there. */
function fieldsShown(decline: unknown, reply: unknown): string[] {
  return [
    'status', 'timeline',
    ...(decline ? ['decline.reason', 'decline.redirectTo'] : []),
    ...(reply ? ['reply.investigation', 'reply.findings', 'reply.opinion', 'reply.result'] : []),
  ];
}

async function progress(prisma: PrismaClient, number: string, office: LookupOffice): Promise<{ view: Html; fields: string[] } | undefined> {
  const petition = await prisma.petition.findUnique({
    where: { number },
    include: {
      events: { where: { type: { in: Object.keys(publicSteps) } }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
      documents: { where: { accepted: true, kind: 'decline' }, orderBy: { createdAt: 'desc' } },
      notifications: { where: { template: { in: Object.keys(toldSteps) } }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!petition) return undefined;
  // The approved 处理意见书 only: a department's reply under review (and its internal findings) is never shown.
  const reply = await petitionerLetter(prisma, petition.id);
  const decline = petition.documents.find((d) => d.kind === 'decline');
  const awaited = awaitedDeadline(petition);
  const steps = [
    ...petition.events.map((e) => ({ at: e.occurredAt, label: stepLabel(e) })),
    ...petition.notifications.map((n) => ({ at: n.createdAt, label: toldSteps[n.template] })),
  ].filter((s): s is { at: Date; label: string } => Boolean(s.label)).sort((a, b) => a.at.getTime() - b.at.getTime());
  return { fields: fieldsShown(decline, reply), view: html`<section class="card lookup-result" id="lookup-result">
<p class="hospital" id="lookup-hospital">${office.hospitalName}</p>
<h2>信访编号 ${petition.number}</h2>
<dl class="facts">
<dt>当前进度</dt><dd><strong id="lookup-status">${petition.status === 'replied' && !reply ? UNDER_REVIEW : publicSteps[petition.status] ?? petition.status}</strong></dd>
${awaited ? html`<dt>${awaited.label}</dt><dd id="lookup-deadline">${deadlineText(awaited.fact, new Date(), Boolean(reply))}</dd>` : ''}
</dl>
<h3>办理经过</h3>
<ol class="timeline" id="lookup-steps">${steps.map((s) => html`<li><time>${shanghaiDate(s.at)}</time> ${s.label}</li>`)}</ol>
${decline ? html`<h3>不予受理的理由</h3><p>${text(decline.body, 'reason')}</p><p>建议：${text(decline.body, 'redirectTo')}</p>` : ''}
${reply ? html`<h3>处理意见</h3><dl class="facts stacked" id="lookup-reply"><dt>调查情况</dt><dd>${text(reply.body, 'investigation')}</dd><dt>核实结论</dt><dd>${text(reply.body, 'findings')}</dd><dt>处理意见</dt><dd>${text(reply.body, 'opinion')}</dd><dt>处理结果</dt><dd>${text(reply.body, 'result')}</dd></dl>` : ''}
${officeContact(office)}
</section>` };
}

/** The public progress lookup (GET/POST /lookup): register number + query code; rate-limited per address. */
export function lookupRoutes(prisma: PrismaClient, settings: AuthSettings, office: LookupOffice): Router {
  const title = `${office.hospitalName} 信访事项查询`;
  const formPage = (number?: string, error?: string) => page({ title, body: html`${lookupForm(number, error)}${officeContact(office)}` });
  const router = Router();
  const limiter = rateLimit({
    windowMs: settings.lookupRateWindowMs,
    limit: settings.lookupRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only wrong number/code pairs count: the budget is against guessing, not against petitioners checking often.
    skipSuccessfulRequests: true,
    handler: (_req, res) => {
      res.status(429).type('html').send(formPage('', '查询过于频繁，请稍后再试'));
    },
  });
  router.get('/', (_req, res) => {
    res.type('html').send(formPage());
  });
  router.post('/', limiter, async (req: Request, res: Response) => {
    const number = typeof req.body?.number === 'string' ? req.body.number.trim().toUpperCase() : '';
    const code = typeof req.body?.code === 'string' ? req.body.code.trim() : '';
    // On the audit trail before the answer: a wrong pair (guessing at a petition) and every view of a petition's progress.
    const refuse = async () => {
      await auditRequest(prisma, req, { action: 'lookup.view', outcome: 'refused', status: 404, number: parseRegisterNumber(number) ? number : undefined });
      res.status(404).type('html').send(formPage(number.slice(0, 20), '信访编号或查询码不正确'));
    };
    if (!parseRegisterNumber(number) || !/^\d{6}$/.test(code)) return refuse();
    const row = await prisma.petition.findUnique({ where: { number }, select: { id: true, queryCode: true } });
    if (!row || !sameCode(row.queryCode, code)) return refuse();
    const shown = await progress(prisma, number, office);
    if (!shown) return refuse();
    await auditRequest(prisma, req, { actor: 'petitioner', action: 'lookup.view', outcome: 'ok', number, petitionId: row.id, fields: shown.fields, detail: '凭查询码查询' });
    res.type('html').send(page({ title, body: html`${shown.view}${lookupForm()}` }));
  });
  return router;
}
