import { reviewingAuthority, reviewStageTitle } from '../../workflows/domain/authority-review';
import type { Request, Response } from 'express';
import { categories, channels, deliveryMethods, satisfactionLevels, statuses, type Category, type Channel, type PetitionStatus } from '../../workflows/domain/catalog';
import { formatDueOrEmpty } from '../../workflows/domain/due';
import { eventLabel } from '../../workflows/domain/events';
import { isNoticeKind, isStaffNotice, noticeLabel } from '../../workflows/domain/notices';
import { deadlineKindLabels, deadlineStatusText, isOverdue, type DeadlineFact, type DepartmentActs } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { petitionWorkflowId, parseRegisterNumber } from '../../workflows/ids';
import { petitionStateQuery, plannedStepsQuery, type PetitionState, type PlannedStepView } from '../../workflows/petition/messages';
import { plannedStepsTable } from './planned-steps';
import { pinnedPolicy } from '../../activities/policy-text';
import { extensionLimitOf } from '../petitions/extension-limit';
import { csrfTokenOf } from '../auth/middleware';
import { maySeePetition, seesPetitionerIdentity, viewerAudience } from '../auth/petition-access';
import { hasPermission, mayRunCommand, type Principal } from '../auth/roles';
import { causes } from '../reports/vocabulary';
import { forbidden, render, signedIn, temporalWorkflowUrl, type ConsoleContext } from './context';
import { html, shanghaiDateTime, type Html } from './html';
import { documentKinds, isCommandKey } from '../petitions/command-catalog';
import { DRAFT_RESTORED_MESSAGE, takeDraft } from './drafts';
import { formTokenOf } from './form-token';
import { actorName, calendarNotices, loadDirectory, policyTitle, type Directory } from './staff-words';
import { actionForms, type FormDraft } from './action-forms';
import { auditRequest, petitionerFieldsShown } from '../audit/audit-trail';

const kindLabels: Record<string, string> = deadlineKindLabels;

interface DeadlineView {
  id?: string;
  kind?: string;
  department?: string;
  dueAt?: string;
  status?: string;
  deadline?: { rule?: string; explanation?: string; warnings?: string[] };
}

/**
 * The deadlines with their status in the one model's words (./staff-words.ts), and the calendar warning once for the
 * table, in staff words, instead of on every row.
 */
function deadlinesTable(deadlines: DeadlineView[], names: Map<string, string>, now: Date, acted?: DepartmentActs): Html {
  if (deadlines.length === 0) return html`<p class="muted">暂无期限（登记后由办理规则计算）。</p>`;
  const notices = calendarNotices(deadlines.flatMap((d) => d.deadline?.warnings ?? []));
  return html`${notices.map((n) => html`<p class="warning calendar-warning">${n}</p>`)}<table class="deadlines"><thead><tr><th>期限</th><th>部门</th><th>截止时间</th><th>状态</th><th>依据</th></tr></thead><tbody>
${deadlines.map((d) => {
    const statusText = d.dueAt && d.status ? deadlineStatusText(d as unknown as DeadlineFact, now, acted) : '';
    return html`<tr class="${statusText.startsWith('已超期') ? 'overdue' : ''}">
<td>${kindLabels[d.kind ?? ''] ?? d.kind ?? ''}</td>
<td>${d.department ? names.get(d.department) ?? d.department : ''}</td>
<td class="due">${formatDueOrEmpty(d.dueAt)}</td>
<td class="deadline-status">${statusText}</td>
<td>${d.deadline?.rule ?? ''}${d.deadline?.explanation ? html`<details><summary>计算过程</summary><pre>${d.deadline.explanation}</pre></details>` : ''}</td>
</tr>`;
  })}</tbody></table>`;
}

/**
 * The 受理告知书 duty (patch acceptance-notice-duty): its due date and how and when it was met — the e-mail on its send
 * date, the post (with its 挂号 number) or the hand delivery staff recorded — or what is still owed. Petitions accepted
 * before the duty existed show nothing.
 */
function acceptanceNoticeDuty(state: PetitionState | undefined, number: string, printable: boolean): Html {
  const duty = state?.acceptanceNotice;
  const record = state?.deadlines?.find((d) => d.kind === 'acceptanceNotice');
  if (!duty || !record) return html``;
  const due = formatDueOrEmpty(record.dueAt);
  const print = printable ? html`（<a href="/api/petitions/${number}/letters/acceptance-notice.pdf">打印受理告知书</a>）` : '';
  const delivery = duty.delivery;
  let text: string;
  if (delivery?.method === 'email') text = `已于 ${delivery.on} 通过电子邮件发出（以发送之日为送达之日）`;
  else if (delivery) text = `已于 ${delivery.on} ${deliveryMethods[delivery.method]}${delivery.trackingNumber ? `（挂号单号 ${delivery.trackingNumber}）` : ''}，${shanghaiDateTime(delivery.recordedAt)} 登记`;
  else if (record.status === 'cancelled') text = '未送达（事项已结束）';
  else if (duty.noEmailAt) text = '尚未送达：信访人未留电子邮箱，请打印后以挂号信邮寄或当面送达，并登记寄出日期';
  else text = '待发送电子邮件';
  return html`<p id="acceptance-notice-duty">受理告知书：须于 ${due} 前送达信访人；${text}${print}</p>`;
}

/** A stored text by what it is (its kind's title) and what it says, never its id. */
function documentText(kind: string, body: Record<string, unknown>, directory: Directory): Html {
  const line = (label: string, value: unknown) => (value === undefined || value === null || value === '' ? html`` : html`<dt>${label}</dt><dd>${String(value)}</dd>`);
  switch (kind) {
    case 'extension_request':
      return html`${line('延长天数', body.days)}${line('延期理由', body.reason)}`;
    case 'extension_decision':
      return html`${line('审批结果', body.approve === true ? '同意延期' : body.approve === false ? '不同意延期' : '')}${line('审批意见', body.note)}`;
    case 'decline':
      return html`${line('不予受理理由', body.reason)}${line('告知其向何处反映', body.redirectTo)}`;
    case 'clock_pause':
      return html`${line('中止理由', body.reason)}${line('需补充的材料', body.materials)}`;
    case 'feedback':
      return line('反馈说明', body.note);
    case 'reply_return':
      return line('退回意见', body.note);
    case 'supervision_instruction':
      return line('督办意见', body.note);
    default:
      return html`${line('理由', body.reason)}${line('说明', body.note)}${line('部门', typeof body.department === 'string' ? directory.departments.get(body.department) ?? body.department : undefined)}`;
  }
}

export async function petitionPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = signedIn(req, res);
  if (!principal) return;
  const number = String(req.params.number);
  if (!parseRegisterNumber(number)) return void res.status(400).send('信访编号格式无效');
  // Back from a sign-in after the session expired: the action form as it was typed (./drafts.ts).
  const kept = await takeDraft(context.prisma, req, res, `/console/petitions/${number}`, context.auth.secureCookies, principal);
  const command = kept && isCommandKey(kept.form) ? kept.form : undefined;
  const formToken = typeof kept?.fields._form === 'string' && formTokenOf({ _form: kept.fields._form }) ? kept.fields._form : undefined;
  const values = Object.fromEntries(Object.entries(kept?.fields ?? {}).filter(([key]) => key !== '_form'));
  await showPetition(context, req, res, principal, number, command ? { command, values, errors: {}, message: DRAFT_RESTORED_MESSAGE, formToken, restored: true } : undefined);
}

/**
 * The petition page; with a draft (a refused form, see ./command-post.ts) that form shows what was typed and why it
 * was refused, answered with `status`.
 */
export async function showPetition(context: ConsoleContext, req: Request, res: Response, principal: Principal, number: string, draft?: FormDraft, status = 200): Promise<void> {
  const petition = await context.prisma.petition.findUnique({
    where: { number },
    include: {
      petitioner: true,
      events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
      notifications: { orderBy: { createdAt: 'asc' } },
      documents: { where: { accepted: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!petition || !maySeePetition(principal, petition)) {
    if (petition) return forbidden(req, res, principal, '该信访事项未交办给您的部门');
    return void res.status(404).type('html').send('未找到信访事项');
  }
  let state: PetitionState | undefined;
  let planned: PlannedStepView[] | undefined;
  const handle = context.temporal.workflow.getHandle(petitionWorkflowId(number));
  try {
    state = await handle.query(petitionStateQuery);
  } catch {
    state = undefined;
  }
  // What the clock will do next; a closed run plans nothing.
  if (state && state.status !== 'archived') planned = await handle.query(plannedStepsQuery).catch(() => undefined);
  const [departments, directory, queued] = await Promise.all([
    context.prisma.department.findMany({ where: { active: true }, orderBy: { code: 'asc' } }),
    loadDirectory(context.prisma),
    // The mail outbox's staff notices not mailed yet (quiet hours, a mail server down): shown with when they go.
    context.prisma.outboxNotice.findMany({ where: { petitionId: petition.id, status: 'pending' }, orderBy: { nextAttemptAt: 'asc' } }),
  ]);
  const names = new Map(departments.map((d) => [d.code, d.name]));
  // 保守信访秘密: the 信访办 sees who petitioned; a department or leader only what the petitioner consented to.
  const office = viewerAudience(principal) === 'office';
  const identity = seesPetitionerIdentity(principal, petition);
  const petitionStatus = (state?.status ?? petition.status) as PetitionStatus;
  const uiUrl = temporalWorkflowUrl(context, petition.workflowId);
  const deadlines = (state?.deadlines ?? []) as DeadlineView[];
  const notifications = office ? petition.notifications : petition.notifications.filter((n) => isStaffNotice(n.template));
  const reply = petition.documents.filter((d) => d.kind === 'reply').at(-1);
  const replyBody = (reply?.body ?? {}) as Record<string, string>;
  // The 处理意见书 the 信访办 approved (the review path): the only text the petitioner received.
  const letter = petition.documents.filter((d) => d.kind === 'reply_letter').at(-1);
  const letterBody = (letter?.body ?? {}) as Record<string, string>;
  const review = state?.replyReview;
  // Every other stored text the person may read (a department never reads the petitioner's feedback).
  const otherDocuments = petition.documents.filter((d) => d.kind !== 'reply' && d.kind !== 'reply_letter' && (viewerAudience(principal) !== 'department' || d.kind !== 'feedback'));
  // The view is on the audit trail, with the personal data this person is shown, before the page is sent.
  const person = petition.anonymous || !petition.petitioner ? undefined : (petition.petitioner as unknown as Record<string, unknown>);
  const shownPerson = office ? person : identity && person ? { name: person.name, phone: person.phone, email: person.email } : undefined;
  await auditRequest(context.prisma, req, {
    action: 'petition.view', outcome: 'ok', number, petitionId: petition.id,
    fields: [...petitionerFieldsShown(shownPerson), ...(office ? ['queryCode'] : []), 'content'],
  });
  // The extension rules of the petition's own policy version, not the file as it is now.
  const policy = await pinnedPolicy(context.prisma, petition).catch(() => undefined);
  const forms = actionForms({
    principal, status: petitionStatus, state, petition, departments, csrfToken: csrfTokenOf(req) ?? '', allowed: (name) => mayRunCommand(principal, name),
    routedDepartment: context.routing?.[petition.category], draft,
    replyUnderReview: review?.status === 'pending' ? replyBody : undefined,
    extensionLimit: (department) => extensionLimitOf(policy, state, department),
    pauseGrounds: policy?.pausing?.grounds,
    reopensOnNewEvidence: policy?.review.reopenOnNewEvidence,
  });

  res.status(status);
  render(req, res, principal, `信访事项 ${number}`, html`
<section class="card">
<dl class="facts">
  <dt>状态</dt><dd id="petition-status">${statuses[petitionStatus] ?? petitionStatus}${isOverdue(petitionFactsOf(petition), new Date()) ? html` <span class="badge overdue">超期</span>` : ''}</dd>
  <dt>渠道</dt><dd>${channels[petition.channel as Channel] ?? petition.channel}</dd>
  <dt>分类</dt><dd>${categories[petition.category as Category]?.label ?? petition.category}</dd>
  <dt>人数</dt><dd>${petition.peopleCount}${petition.peopleCount >= 5 ? '（集体访）' : ''}</dd>
  <dt>收到时间</dt><dd>${shanghaiDateTime(petition.receivedAt)}</dd>
  <dt>办理规则</dt><dd>${policyTitle(petition.policyId)}（${petition.policyVersion} 版）</dd>
  <dt>承办部门</dt><dd>${petition.leadDepartment ? names.get(petition.leadDepartment) ?? petition.leadDepartment : '未交办'}${petition.cooperatingDepartments.length ? `；协办：${petition.cooperatingDepartments.map((c) => names.get(c) ?? c).join('、')}` : ''}</dd>
  <dt>原因</dt><dd>${petition.cause ? causes[petition.cause as keyof typeof causes] ?? petition.cause : '未填写'}</dd>
  ${state?.owner ? html`<dt>包案领导</dt><dd>${actorName(state.owner.actor, directory)}</dd>` : ''}
  ${state?.handedDown ? html`<dt>交办信息</dt><dd id="handed-down">${context.authorities?.get(state.handedDown.authority) ?? state.handedDown.authority}，交办文号 ${state.handedDown.referenceNumber}，办结期限 ${formatDueOrEmpty(state.handedDown.dueAt)}；${state.handedDown.reportDueAt ? `办结报告期限 ${formatDueOrEmpty(state.handedDown.reportDueAt)}${state.handedDown.reportedAt ? `，已于 ${shanghaiDateTime(state.handedDown.reportedAt)} 报送` : '，尚未报送'}` : '无须报送办结报告'}</dd>` : ''}
  ${state?.reviews?.some((r) => r.addressedTo === 'authority') ? html`<dt>复查/复核</dt><dd id="authority-reviews">${state.reviews.filter((r) => r.addressedTo === 'authority').map((r) => {
    const title = reviewStageTitle(r.stage);
    const authority = reviewingAuthority(context.reviewAuthorities, r.stage, r.authority)?.name ?? `受理${title}的上级机关`;
    const due = state.deadlines?.find((d) => d.id === `authorityReview:${r.stage}`);
    const progress = r.answeredAt
      ? `已于 ${shanghaiDateTime(r.answeredAt)} 作出${title}意见`
      : r.hearing
        ? `听证中（${shanghaiDateTime(r.hearing.since)} 起暂停计时）`
        : r.authorityReceivedOn
          ? `${r.authorityReceivedOn} 收到，答复期限 ${formatDueOrEmpty(due?.dueAt)}`
          : `上级机关收到日期未登记${r.fileSentAt ? `；案卷已于 ${shanghaiDateTime(r.fileSentAt)} 报送` : '；案卷尚未报送'}`;
    return `${title}：${authority}，${progress}`;
  }).join('；')}</dd>` : ''}
  ${office ? html`<dt>信访人</dt><dd>${petition.anonymous ? '匿名' : [petition.petitioner?.name, petition.petitioner?.phone, petition.petitioner?.email, petition.petitioner?.relationToPatient].filter(Boolean).join('，')}</dd>
  <dt>查询码</dt><dd>${petition.queryCode}</dd>` : identity ? html`<dt>信访人（经本人同意提供）</dt><dd>${[petition.petitioner?.name, petition.petitioner?.phone, petition.petitioner?.email].filter(Boolean).join('，')}</dd>` : html`<dt>信访人</dt><dd class="muted">（保密，未经信访人同意不予显示）</dd>`}
</dl>
<h2>反映内容</h2>
<p class="content">${petition.content}</p>
${Array.isArray(petition.complainedAbout) && petition.complainedAbout.length ? html`<p>被反映对象：${(petition.complainedAbout as unknown[]).map(String).join('、')}</p>` : ''}
<p class="links">
${uiUrl ? html`<a href="${uiUrl}" target="_blank" rel="noopener" id="temporal-link">在 Temporal UI 中查看工作流</a>` : html`<span class="muted">工作流 ${petition.workflowId}</span>`}
${office && hasPermission(principal, 'readAll') && petition.events.some((e) => e.type === 'accepted') ? html` · <a href="/api/petitions/${number}/letters/acceptance-notice.pdf">受理告知书 PDF</a>` : ''}
${office && hasPermission(principal, 'readAll') && (letter || (reply && !review)) ? html` · <a href="/api/petitions/${number}/letters/reply-letter.pdf">处理意见书 PDF</a>` : ''}
</p>
${office ? acceptanceNoticeDuty(state, number, hasPermission(principal, 'readAll')) : ''}
</section>

<section class="card"><h2>期限</h2>${deadlinesTable(deadlines, names, new Date(), state ? { acknowledged: new Set(Object.keys(state.acknowledgements ?? {})), lead: state.leadDepartment ?? petition.leadDepartment ?? undefined } : undefined)}</section>

${planned ? html`<section class="card" id="planned-steps"><h2>即将进行的提醒与督办</h2>${plannedStepsTable(planned, (code) => names.get(code) ?? code)}</section>` : ''}

<section class="card"><h2>办理过程</h2>
<ol class="timeline">${petition.events.map((e) => html`<li><time>${shanghaiDateTime(e.occurredAt)}</time> <strong>${eventLabel(e.type)}</strong> <span class="muted actor">${actorName(e.actor, directory)}</span></li>`)}</ol>
</section>

${otherDocuments.length ? html`<section class="card" id="documents"><h2>办理文书</h2>
${otherDocuments.map((d) => html`<h3>${documentKinds[d.kind as keyof typeof documentKinds] ?? '文书'} <span class="muted">${shanghaiDateTime(d.createdAt)} · ${actorName(d.author, directory)}</span></h3>
<dl class="facts">${documentText(d.kind, (d.body ?? {}) as Record<string, unknown>, directory)}</dl>`)}
</section>` : ''}

${reply ? html`<section class="card" id="department-reply"><h2>承办答复${review ? html` <span class="muted">（内部材料，不告知信访人）</span>` : ''}</h2>
${review ? html`<p id="reply-review-status">${review.status === 'pending' ? '待信访办审核：审核通过的《处理意见书》才发送信访人。' : review.status === 'returned' ? `已退回承办部门修改（第 ${review.returns} 次），待重新答复。` : '信访办已审核，《处理意见书》见下。'}</p>` : ''}
<dl class="facts"><dt>调查情况</dt><dd>${replyBody.investigation}</dd><dt>核实结论</dt><dd>${replyBody.findings}</dd><dt>处理意见</dt><dd>${replyBody.opinion}</dd><dt>处理结果</dt><dd>${replyBody.result}</dd></dl>
${state?.delivery && !letter ? html`<p id="reply-delivery">送达：${deliveryMethods[state.delivery.method]}，${state.delivery.on}</p>` : ''}
${state?.satisfaction && !letter ? html`<p>信访人评价：${satisfactionLevels[state.satisfaction]}</p>` : ''}
</section>` : ''}

${letter ? html`<section class="card" id="reply-letter"><h2>处理意见书 <span class="muted">（信访办审核通过 ${shanghaiDateTime(letter.createdAt)}，发送信访人的文本）</span></h2>
<dl class="facts"><dt>调查情况</dt><dd>${letterBody.investigation}</dd><dt>核实结论</dt><dd>${letterBody.findings}</dd><dt>处理意见</dt><dd>${letterBody.opinion}</dd><dt>处理结果</dt><dd>${letterBody.result}</dd></dl>
${state?.replyMailedAt ? html`<p>邮件发出：${shanghaiDateTime(state.replyMailedAt)}</p>` : ''}
${state?.delivery ? html`<p id="reply-delivery">送达：${deliveryMethods[state.delivery.method]}，${state.delivery.on}</p>` : ''}
${state?.satisfaction ? html`<p>信访人评价：${satisfactionLevels[state.satisfaction]}</p>` : ''}
</section>` : ''}

<section class="card"><h2>已发送的通知与提醒</h2>
${notifications.length === 0 && queued.length === 0 ? html`<p class="muted">暂无</p>` : html`<table><thead><tr><th>时间</th><th>通知</th><th>收件人</th><th>状态</th></tr></thead><tbody>
${notifications.map((n) => html`<tr><td>${shanghaiDateTime(n.sentAt ?? n.createdAt)}</td><td>${isNoticeKind(n.template) ? noticeLabel(n.template) : '通知'}：${n.subject}</td><td>${office || isStaffNotice(n.template) ? n.recipient : '（保密）'}</td><td>${n.status === 'sent' ? '已发送' : n.status === 'no-recipient' ? '无收件地址' : '待发送'}</td></tr>`)}
${queued.filter((q) => office || isStaffNotice(q.kind)).map((q) => html`<tr class="queued-notice"><td>${shanghaiDateTime(q.queuedAt)}</td><td>${noticeLabel(q.kind)}</td><td>—</td><td>排队待发：${q.heldReason ?? `将于${shanghaiDateTime(q.nextAttemptAt)}发送`}${q.lastError && office ? `（已尝试${q.attempts}次，将于${shanghaiDateTime(q.nextAttemptAt)}重试）` : ''}</td></tr>`)}
</tbody></table>`}
</section>

<section class="card actions"><h2>可办理的操作</h2>
${forms.length ? forms : html`<p class="muted">当前状态下您没有可办理的操作。</p>`}
</section>`);
}

