/**
 * 待审批: the extension requests waiting for the signed-in leader (issue 13: leaders had no list and found requests
 * only in their mail). Only the requests this person may decide are listed — the decider the policy names
 * (workflows/domain/extension-decider.ts), resolved as the workflow resolves it when the decision arrives
 * (activities/extension-decider.ts); an admin sees every waiting request with its decider named. Each row gives the
 * petition, the department, the days asked, the reason, when it was asked and a link to the petition page's
 * 审批延期 form. Read from the record store: the last of a petition's extension events is the request.
 */
import type { Request, Response } from 'express';
import { resolveExtensionDecider } from '../../activities/extension-decider';
import { categories, type Category } from '../../workflows/domain/catalog';
import { describeDecider, type ExtensionDecider } from '../../workflows/domain/extension-decider';
import { pinnedPolicy } from '../../activities/policy-text';
import type { ExtensionApprover } from '../../workflows/deadlines/vocabulary';
import { mayRunCommand } from '../auth/roles';
import { forbidden, render, signedIn, type ConsoleContext } from './context';
import { html, shanghaiDateTime } from './html';

/** The events that open or close a pending extension request (a return to the 信访办 drops it). */
const EXTENSION_EVENTS = ['extension_requested', 'extension_approved', 'extension_refused', 'returned', 'assigned'];

export interface WaitingRequest {
  number: string;
  category: string;
  department: string;
  departmentName: string;
  days: number;
  reason: string;
  requestedAt: Date;
  decider: ExtensionDecider;
}

/** Who decides under the petition's own policy version (the one pinned at registration or adopted since). */
async function approverOf(prisma: ConsoleContext['prisma'], petition: { policyId: string; policyVersion: string }): Promise<ExtensionApprover> {
  try {
    return (await pinnedPolicy(prisma, petition)).extension?.approvedBy ?? 'leaderInCharge';
  } catch {
    return 'leaderInCharge';
  }
}

/** Every extension request waiting for a decision, with who may decide it. */
export async function waitingExtensionRequests(context: ConsoleContext): Promise<WaitingRequest[]> {
  const petitions = await context.prisma.petition.findMany({
    where: { status: 'assigned', events: { some: { type: 'extension_requested' } } },
    select: {
      id: true,
      number: true,
      category: true,
      policyId: true,
      policyVersion: true,
      events: { where: { type: { in: EXTENSION_EVENTS } }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 1 },
      documents: { where: { kind: 'extension_request', accepted: true }, orderBy: { createdAt: 'desc' }, take: 1 },
    },
  });
  const deciders = new Map<string, Promise<ExtensionDecider>>();
  const waiting: WaitingRequest[] = [];
  for (const petition of petitions) {
    const last = petition.events[0];
    if (last?.type !== 'extension_requested') continue;
    const payload = (last.payload ?? {}) as { department?: string; days?: number };
    const body = (petition.documents[0]?.body ?? {}) as { reason?: string; days?: number };
    const department = payload.department ?? '';
    const approvedBy = await approverOf(context.prisma, petition);
    const key = `${department}:${approvedBy}`;
    if (!deciders.has(key)) deciders.set(key, resolveExtensionDecider(context.prisma, { departmentCode: department, approvedBy }));
    const decider = await deciders.get(key)!;
    waiting.push({
      number: petition.number,
      category: petition.category,
      department,
      departmentName: decider.departmentName,
      days: payload.days ?? body.days ?? 0,
      reason: body.reason ?? '',
      requestedAt: last.occurredAt,
      decider,
    });
  }
  return waiting.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.number.localeCompare(b.number));
}

export async function approvalsPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = signedIn(req, res);
  if (!principal) return;
  if (!mayRunCommand(principal, 'decideExtension')) return forbidden(req, res, principal);
  const everyone = principal.role === 'admin';
  const all = await waitingExtensionRequests(context);
  const mine = everyone ? all : all.filter((request) => request.decider.staffId === principal.staffId);
  render(req, res, principal, '待审批', html`
<section class="card"><h2>待审批的延期申请（<span id="approvals-total">${mine.length}</span> 件）</h2>
${everyone ? html`<p class="muted">系统管理员可查看全部待审批申请；审批须由表中所列审批人办理。</p>` : html`<p class="muted">以下为按办理规定应由您审批的延期申请。</p>`}
${mine.length === 0 ? html`<p class="muted">目前没有等待您审批的延期申请。</p>` : html`<table id="approvals"><thead><tr><th>信访编号</th><th>分类</th><th>申请部门</th><th>申请延长</th><th>延期理由</th><th>申请时间</th>${everyone ? html`<th>审批人</th>` : ''}<th>操作</th></tr></thead><tbody>
${mine.map((r) => html`<tr data-number="${r.number}"><td><a href="/console/petitions/${r.number}">${r.number}</a></td><td>${categories[r.category as Category]?.label ?? ''}</td><td>${r.departmentName}</td><td>${r.days} 日</td><td class="reason">${r.reason}</td><td>${shanghaiDateTime(r.requestedAt)}</td>${everyone ? html`<td>${describeDecider(r.decider)}</td>` : ''}<td><a class="decide" href="/console/petitions/${r.number}#form-decide-extension">审批</a></td></tr>`)}
</tbody></table>`}
</section>`);
}
