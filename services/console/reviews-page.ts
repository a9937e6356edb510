/**
 * 待审核: the department replies waiting for the 信访办's review before the petitioner is answered (issue 13, review
 * before answer). Without it the intake officer found drafts only by opening petitions in 承办已答复. Each row gives
 * the petition, the department, when it replied, the office's review target (the policy's 本院规定) with its time
 * left, and a link to the petition page's 审核 forms. Read from the record store: a petition waits when its last
 * reply event is a review-path reply (`replied` with `review`) not yet followed by an approval or a return.
 */
import type { Request, Response } from 'express';
import { categories, type Category } from '../../workflows/domain/catalog';
import { formatDue } from '../../workflows/domain/due';
import { isDeadlineOverdue } from '../../workflows/domain/overdue';
import { storedDeadlineFacts } from '../../workflows/domain/recorded-facts';
import { describeTimeLeft } from '../../workflows/domain/time-left';
import { mayRunCommand } from '../auth/roles';
import { forbidden, render, signedIn, type ConsoleContext } from './context';
import { html, shanghaiDateTime } from './html';

/** The events that open (a review-path reply) or close (approved, returned) a draft's review. */
const REVIEW_EVENTS = ['replied', 'reply_approved', 'reply_returned'];

export interface WaitingReview {
  number: string;
  category: string;
  departmentName: string;
  repliedAt: Date;
  /** The office's review target, when the policy sets one. */
  dueAt?: string;
  overdue: boolean;
}

export async function waitingReviews(context: ConsoleContext, now: Date): Promise<WaitingReview[]> {
  const petitions = await context.prisma.petition.findMany({
    where: { status: 'replied' },
    select: {
      number: true,
      category: true,
      leadDepartment: true,
      deadlines: true,
      events: { where: { type: { in: REVIEW_EVENTS } }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 1 },
    },
  });
  const departments = new Map((await context.prisma.department.findMany({ select: { code: true, name: true } })).map((d) => [d.code, d.name]));
  const waiting: WaitingReview[] = [];
  for (const petition of petitions) {
    const last = petition.events[0];
    if (last?.type !== 'replied' || (last.payload as Record<string, unknown> | null)?.review !== true) continue;
    const target = storedDeadlineFacts(petition.deadlines).filter((f) => f.kind === 'replyReview' && (f.status === 'open' || f.status === 'overdue')).at(-1);
    waiting.push({
      number: petition.number,
      category: petition.category,
      departmentName: petition.leadDepartment ? departments.get(petition.leadDepartment) ?? petition.leadDepartment : '',
      repliedAt: last.occurredAt,
      dueAt: target?.dueAt,
      overdue: target ? isDeadlineOverdue(target, now) : false,
    });
  }
  return waiting.sort((a, b) => a.repliedAt.getTime() - b.repliedAt.getTime() || a.number.localeCompare(b.number));
}

export async function reviewsPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = signedIn(req, res);
  if (!principal) return;
  if (!mayRunCommand(principal, 'approveReply')) return forbidden(req, res, principal);
  const now = new Date();
  const waiting = await waitingReviews(context, now);
  render(req, res, principal, '待审核', html`
<section class="card"><h2>待审核的处理意见书（<span id="reviews-total">${waiting.length}</span> 件）</h2>
<p class="muted">承办部门已答复、尚未答复信访人的事项：审核通过的《处理意见书》才发送信访人；不宜告知信访人的内部处理情况请在审核时删去，或退回承办部门修改。</p>
${waiting.length === 0 ? html`<p class="muted">目前没有待审核的承办答复。</p>` : html`<table id="reviews"><thead><tr><th>信访编号</th><th>分类</th><th>承办部门</th><th>答复时间</th><th>审核期限（本院规定）</th><th>剩余时间</th><th>操作</th></tr></thead><tbody>
${waiting.map((r) => html`<tr data-number="${r.number}"${r.overdue ? html` class="overdue"` : ''}><td><a href="/console/petitions/${r.number}">${r.number}</a></td><td>${categories[r.category as Category]?.label ?? ''}</td><td>${r.departmentName}</td><td>${shanghaiDateTime(r.repliedAt)}</td><td class="due">${r.dueAt ? formatDue(r.dueAt) : '—'}</td><td>${r.dueAt ? describeTimeLeft(new Date(r.dueAt), now) : '—'}</td><td><a class="review" href="/console/petitions/${r.number}">审核</a></td></tr>`)}
</tbody></table>`}
</section>`);
}
