/**
 * The petition commands: one typed entry per Update the petition workflow defines. The entry's key is the Update's
 * name and the only spelling of the command (roles, labels, forms, link purposes, audit actions); the URL slug is
 * derived from it. The JSON API routes, the role and party checks, the console forms, the link forms, the labels and
 * the generic runCommand all read this table, so adding a command is one entry here plus its workflow handler, and
 * the compiler names every table keyed by command that still lacks it (console forms, link purposes).
 *
 * The Update definitions stay in workflows/petition/messages.ts (the workflow bundle must not import zod); this file
 * adds what only the services need: input schemas (zod), who may run the command, and how free text becomes a
 * document in the record store so that histories carry document ids only.
 */
import { isKeyOf } from '../../workflows/domain/keys';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { deliveryMethods, satisfactionLevels, type DeliveryMethod, type Satisfaction } from '../../workflows/domain/catalog';
import type { EventType } from '../../workflows/domain/events';
import { manualAcceptanceNoticeMethods } from '../../workflows/domain/acceptance-notice';
import {
  acceptUpdate,
  acknowledgeUpdate,
  approveReplyUpdate,
  archiveUpdate,
  recordAcceptanceNoticeDeliveryUpdate,
  assignUpdate,
  declineUpdate,
  decideExtensionUpdate,
  feedbackUpdate,
  pauseClockUpdate,
  replyUpdate,
  requestExtensionUpdate,
  requestReviewUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
  returnReplyUpdate,
  reopenUpdate,
  takeOwnershipUpdate,
  urgeUpdate,
  instructUpdate,
  sendReviewFileUpdate,
  recordReviewReceiptUpdate,
  startReviewHearingUpdate,
  endReviewHearingUpdate,
  answerReviewUpdate,
  type CommandResult,
  type PetitionState,
} from '../../workflows/petition/messages';
import type * as petitionMessages from '../../workflows/petition/messages';
import type { Role } from '../../workflows/domain/roles';

/** What a command's free text is stored as (PetitionDocument.kind); the Update carries the document's id. */
export const documentKinds = {
  decline: '不予受理理由',
  reply: '承办答复',
  reply_letter: '处理意见书',
  reply_return: '答复退回意见',
  feedback: '反馈说明',
  extension_request: '延期申请',
  extension_decision: '延期审批意见',
  return: '退回理由',
  clock_pause: '中止计时说明',
  review_request: '复查/复核请求',
  review_file_note: '复查/复核案卷报送说明',
  review_hearing: '复查/复核听证记录',
  review_answer: '复查/复核意见',
  supervision_instruction: '督办意见',
  new_evidence: '新的事实或证据',
} as const;
export type DocumentKind = keyof typeof documentKinds;

/**
 * Whose name the command is given in. `department`: the input names the acting department (`department`), and a
 * department user may run it only for a petition assigned to it and only in its own department's name.
 */
export type Party = 'hospital' | 'department';

// ---- Input fields: every message is Chinese and names the field, for the API's 400s and the link pages alike ----

const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}字`);
const optionalText = (label: string, max: number) =>
  z.string({ error: `${label}须为文字` }).trim().max(max, `${label}不能超过${max}字`).optional();
const departmentCode = (label = '部门代码') =>
  z.string({ error: `请填写${label}` }).trim().regex(/^[A-Z][A-Z0-9_]{1,15}$/, `${label}格式无效（大写字母开头的部门代码）`);
const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}须为带时区的 ISO 时间` });
const extensionDays = (number: z.ZodNumber) =>
  number.int('延长天数须为整数').min(1, '延长天数至少为1天').max(365, '延长天数不能超过365天');
const satisfactionIds = Object.keys(satisfactionLevels) as [Satisfaction, ...Satisfaction[]];
const deliveryMethodIds = Object.keys(deliveryMethods) as [DeliveryMethod, ...DeliveryMethod[]];
const shanghaiDay = (label: string) =>
  z
    .string({ error: `${label}须为日期` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式为 年-月-日（如 2026-12-01）`)
    .refine((day) => {
      const ms = Date.parse(`${day}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
    }, `${label}不是有效日期`);

const replyText = {
  investigation: text('调查情况', 20_000),
  findings: text('核实结论', 20_000),
  opinion: text('处理意见', 20_000),
  result: text('处理结果', 20_000),
};
/** The 处理意见书 the petitioner receives: the department's reply as the 信访办 edited it (internal findings left out). */
const letterText = replyText;
const returnNote = text('退回意见', 5000);
const extensionReason = text('延期理由', 5000);
const returnReason = text('退回理由', 5000);
const decisionNote = optionalText('审批意见', 5000);
const authorityCode = z.string({ error: '上级机关代码须为文本' }).trim().regex(/^[A-Z][A-Z0-9_]{1,15}$/, '上级机关代码格式无效（大写字母开头的代码）');
const reviewOpinion = text('复查（复核）意见', 20_000);

// ---- The shape of one entry ----

/** A form on a department's or leader's link page; whoever acts comes from the link's token, never from the form. */
export interface LinkForm {
  /** What the page's form posts (strings from an HTML form), with Chinese messages. */
  form: z.ZodObject;
  /** The command's input the form stands for, without the department (the token names it). */
  toInput(form: Record<string, unknown>): Record<string, unknown>;
  /** Told on the page once the command went through. */
  done(state: PetitionState): string;
  /** The department's part is finished (the case returned as not its own): its page link closes with this form. */
  closesPage: boolean;
  /**
   * The input field the link's own reference fills (a leader's link names the extension request it was minted for):
   * set from the link row at submit, never from the form, so the workflow checks the link against the pending request.
   */
  reference?: string;
}

function linkForm<F extends z.ZodObject>(spec: {
  form: F;
  toInput?(form: z.output<F>): Record<string, unknown>;
  done: string | ((state: PetitionState) => string);
  closesPage?: boolean;
  reference?: string;
}): LinkForm {
  const { done } = spec;
  return {
    form: spec.form,
    toInput: (form) => (spec.toInput ? spec.toInput(form as z.output<F>) : form),
    done: typeof done === 'string' ? () => done : done,
    closesPage: spec.closesPage ?? false,
    ...(spec.reference ? { reference: spec.reference } : {}),
  };
}

interface Refs {
  actor: string;
  /** The id of the document the command's free text was stored as (absent when the entry stores none). */
  documentId?: string;
  /** The acting staff member's role (absent for a department's link), for rules the workflow checks by role. */
  role?: Role;
}

/** One command, with its input type erased (the helper below checked it against the Update when the entry was written). */
export interface CommandSpec<S extends z.ZodObject = z.ZodObject> {
  update: UpdateDefinition<CommandResult, [any], string>;
  /** The URL segment when it is not the kebab-case of the key (kept so today's URLs keep working). */
  slug?: string;
  label: string;
  roles: readonly Role[];
  party: Party;
  input: S;
  document?: { kind: DocumentKind; text(input: z.output<S>): object | undefined };
  toUpdate(input: z.output<S>, refs: Refs): unknown;
  link?: LinkForm;
  emits: readonly [EventType, ...EventType[]];
}

type PartyFor<S extends z.ZodObject> = z.output<S> extends { department: string } ? Party : 'hospital';

interface Base<S extends z.ZodObject, A, L extends LinkForm | undefined> {
  update: UpdateDefinition<CommandResult, [A], string>;
  slug?: string;
  label: string;
  roles: readonly [Role, ...Role[]];
  party: PartyFor<S>;
  input: S;
  link?: L;
  emits: readonly [EventType, ...EventType[]];
}

/** Each overload ties the entry's input schema, its document and the Update's argument together at compile time. */
function command<S extends z.ZodObject, A, L extends LinkForm | undefined = undefined>(
  spec: Base<S, A, L> & {
    document: { kind: DocumentKind; text(input: z.output<S>): object };
    toUpdate(input: z.output<S>, refs: { actor: string; documentId: string; role?: Role }): NoInfer<A>;
  },
): CommandSpec<S> & { link: L };
function command<S extends z.ZodObject, A, L extends LinkForm | undefined = undefined>(
  spec: Base<S, A, L> & {
    document: { kind: DocumentKind; text(input: z.output<S>): object | undefined; optional: true };
    toUpdate(input: z.output<S>, refs: { actor: string; documentId?: string; role?: Role }): NoInfer<A>;
  },
): CommandSpec<S> & { link: L };
function command<S extends z.ZodObject, A, L extends LinkForm | undefined = undefined>(
  spec: Base<S, A, L> & { document?: undefined; toUpdate(input: z.output<S>, refs: { actor: string; role?: Role }): NoInfer<A> },
): CommandSpec<S> & { link: L };
function command(spec: CommandSpec): CommandSpec {
  return spec;
}

const intake: readonly [Role, ...Role[]] = ['intake', 'admin'];
const departmentOrIntake: readonly [Role, ...Role[]] = ['department', 'intake', 'admin'];
const leadership: readonly [Role, ...Role[]] = ['leader', 'president', 'admin'];
const intakeOrLeadership: readonly [Role, ...Role[]] = ['intake', 'leader', 'president', 'admin'];

// ---- The catalog ----

const catalog = {
  accept: command({
    update: acceptUpdate,
    label: '受理',
    roles: intake,
    party: 'hospital',
    input: z.object({}).strict(),
    toUpdate: (_input, { actor }) => ({ actor }),
    emits: ['accepted'],
  }),
  decline: command({
    update: declineUpdate,
    label: '不予受理',
    roles: intake,
    party: 'hospital',
    input: z.object({ reason: text('不予受理理由', 5000), redirectTo: text('告知其向何处反映', 1000) }).strict(),
    document: { kind: 'decline', text: ({ reason, redirectTo }) => ({ reason, redirectTo }) },
    toUpdate: (_input, { actor, documentId }) => ({ actor, documentId }),
    emits: ['declined'],
  }),
  assign: command({
    update: assignUpdate,
    label: '交办',
    roles: intake,
    party: 'hospital',
    input: z
      .object({
        leadDepartment: departmentCode('牵头部门'),
        cooperatingDepartments: z.array(departmentCode('协办部门'), { error: '协办部门须为部门代码列表' }).max(20, '协办部门不能超过20个').default([]),
        dueAt: instant('办理期限').optional(),
        departmentDueAt: z.record(departmentCode('协办部门'), instant('协办部门期限'), { error: '协办部门期限须为部门代码到时间的对照' }).optional(),
      })
      .strict(),
    toUpdate: (input, { actor }) => ({
      actor,
      leadDepartment: input.leadDepartment,
      cooperatingDepartments: input.cooperatingDepartments,
      dueAt: input.dueAt,
      departmentDueAt: input.departmentDueAt,
    }),
    emits: ['assigned'],
  }),
  acknowledge: command({
    update: acknowledgeUpdate,
    label: '签收',
    roles: departmentOrIntake,
    party: 'department',
    input: z.object({ department: departmentCode('承办部门') }).strict(),
    toUpdate: ({ department }, { actor }) => ({ actor, department }),
    link: linkForm({ form: z.object({}), done: '已签收。请在办理时限内调查核实并书面答复。' }),
    emits: ['acknowledged'],
  }),
  reply: command({
    update: replyUpdate,
    label: '承办答复',
    roles: departmentOrIntake,
    party: 'department',
    input: z.object({ department: departmentCode('承办部门'), ...replyText }).strict(),
    document: { kind: 'reply', text: ({ investigation, findings, opinion, result }) => ({ investigation, findings, opinion, result }) },
    toUpdate: ({ department }, { actor, documentId }) => ({ actor, department, documentId }),
    link: linkForm({
      form: z.object(replyText),
      // The page stays open after the reply: it shows the reply read-only with where the review stands, and the
      // reply form again if the 信访办 returns it.
      done: '书面答复已提交，信访办公室审核后据此答复信访人；如需修改，信访办公室将另行通知。答复提交后不能修改，可通过原链接查看答复及审核状态。',
    }),
    emits: ['replied'],
  }),
  requestExtension: command({
    update: requestExtensionUpdate,
    label: '申请延期',
    roles: departmentOrIntake,
    party: 'department',
    input: z
      .object({ department: departmentCode('承办部门'), days: extensionDays(z.number({ error: '请填写延长天数' })), reason: extensionReason })
      .strict(),
    document: { kind: 'extension_request', text: ({ reason, days }) => ({ reason, days }) },
    toUpdate: ({ department, days }, { actor, documentId }) => ({ actor, department, days, documentId }),
    link: linkForm({
      form: z.object({ days: extensionDays(z.coerce.number({ error: '请填写延长天数' })), reason: extensionReason }),
      done: '延期申请已提交，待分管院领导审批。',
    }),
    emits: ['extension_requested'],
  }),
  decideExtension: command({
    update: decideExtensionUpdate,
    label: '审批延期',
    roles: leadership,
    party: 'hospital',
    input: z
      .object({
        approve: z.boolean({ error: '请选择同意或不同意（approve 须为 true 或 false）' }),
        note: decisionNote,
        // The request decided (its document id): a leader's link carries it, a form the one it showed.
        requestDocumentId: z.string({ error: '延期申请编号须为文本' }).min(1, '延期申请编号不能为空').max(100, '延期申请编号过长').optional(),
      })
      .strict(),
    document: { kind: 'extension_decision', optional: true, text: ({ approve, note }) => (note ? { approve, note } : undefined) },
    toUpdate: ({ approve, requestDocumentId }, { actor, documentId }) => ({ actor, approve, documentId, ...(requestDocumentId ? { requestDocumentId } : {}) }),
    link: linkForm({
      form: z.object({ decision: z.enum(['approve', 'refuse'], { error: '请选择同意或不同意' }), note: decisionNote }),
      toInput: ({ decision, note }) => ({ approve: decision === 'approve', ...(note ? { note } : {}) }),
      reference: 'requestDocumentId',
      done: (state) =>
        state.timeline.at(-1)?.type === 'extension_approved'
          ? '已同意延期，承办部门和信访人将按新的办理时限办理。'
          : '已不同意延期，承办部门须在原办理时限内办结。',
    }),
    emits: ['extension_approved', 'extension_refused'],
  }),
  returnCase: command({
    update: returnCaseUpdate,
    slug: 'return',
    label: '退回',
    roles: departmentOrIntake,
    party: 'department',
    input: z.object({ department: departmentCode('承办部门'), reason: returnReason }).strict(),
    document: { kind: 'return', text: ({ reason }) => ({ reason }) },
    toUpdate: ({ department }, { actor, documentId }) => ({ actor, department, documentId }),
    link: linkForm({ form: z.object({ reason: returnReason }), done: '已退回信访办公室重新交办。本链接已失效。', closesPage: true }),
    emits: ['returned'],
  }),
  approveReply: command({
    update: approveReplyUpdate,
    label: '审核通过处理意见书',
    roles: intake,
    party: 'hospital',
    input: z.object(letterText).strict(),
    document: { kind: 'reply_letter', text: ({ investigation, findings, opinion, result }) => ({ investigation, findings, opinion, result }) },
    toUpdate: (_input, { actor, documentId }) => ({ actor, documentId }),
    emits: ['reply_approved'],
  }),
  returnReply: command({
    update: returnReplyUpdate,
    label: '退回承办部门修改',
    roles: intake,
    party: 'hospital',
    input: z.object({ note: returnNote }).strict(),
    document: { kind: 'reply_return', text: ({ note }) => ({ note }) },
    toUpdate: (_input, { actor, documentId }) => ({ actor, documentId }),
    emits: ['reply_returned'],
  }),
  feedback: command({
    update: feedbackUpdate,
    label: '反馈',
    roles: intake,
    party: 'hospital',
    input: z
      .object({
        satisfaction: z.enum(satisfactionIds, { error: '请选择信访人满意度' }),
        deliveryMethod: z.enum(deliveryMethodIds, { error: '请选择送达方式（电子邮件、邮寄、当面送达或电话告知）' }),
        deliveredOn: shanghaiDay('送达日期').optional(),
        note: optionalText('反馈说明', 5000),
      })
      .strict()
      .refine((input) => input.deliveryMethod === 'email' || input.deliveredOn !== undefined, {
        message: '请填写送达日期（邮寄、当面送达或电话告知时必填）',
        path: ['deliveredOn'],
      }),
    document: { kind: 'feedback', optional: true, text: ({ note }) => (note ? { note } : undefined) },
    toUpdate: ({ satisfaction, deliveryMethod, deliveredOn }, { actor, documentId }) => ({
      actor,
      satisfaction,
      documentId,
      deliveryMethod,
      // An e-mail is delivered on its send date, which the workflow recorded; a typed date is not used.
      ...(deliveryMethod === 'email' ? {} : { deliveredOn }),
    }),
    emits: ['fed_back'],
  }),
  pauseClock: command({
    update: pauseClockUpdate,
    slug: 'pause',
    label: '中止计时',
    // Who may approve depends on the ground (the petition's policy); the workflow checks the role against it.
    roles: intakeOrLeadership,
    party: 'hospital',
    input: z
      .object({
        ground: z.string({ error: '请选择中止事由' }).trim().regex(/^[a-z][a-zA-Z0-9]*$/, '请选择中止事由'),
        reason: text('中止理由', 5000),
        materials: optionalText('需补充的材料', 5000),
      })
      .strict(),
    document: { kind: 'clock_pause', text: ({ reason, materials }) => ({ reason, materials: materials ?? '' }) },
    toUpdate: ({ ground }, { actor, documentId, role }) => ({ actor, documentId, ground, ...(role ? { approverRole: role } : {}) }),
    emits: ['clock_paused'],
  }),
  resumeClock: command({
    update: resumeClockUpdate,
    slug: 'resume',
    label: '恢复计时',
    roles: intakeOrLeadership,
    party: 'hospital',
    input: z.object({}).strict(),
    toUpdate: (_input, { actor }) => ({ actor }),
    emits: ['clock_resumed'],
  }),
  requestReview: command({
    update: requestReviewUpdate,
    label: '申请复查',
    roles: intake,
    party: 'hospital',
    input: z
      .object({
        reason: text('复查请求', 20_000),
        receivedOn: shanghaiDay('收到日期').optional(),
        acceptLate: z.boolean({ error: '逾期仍予受理须为 true 或 false' }).optional(),
        lateReason: optionalText('逾期受理理由', 5000),
        // The authority above the request is addressed to, when not the one configured for the stage.
        authority: authorityCode.optional(),
      })
      .strict()
      .refine((input) => !input.acceptLate || (input.lateReason ?? '').trim().length > 0, { message: '逾期仍予受理时请写明理由', path: ['lateReason'] }),
    document: { kind: 'review_request', text: ({ reason, lateReason }) => ({ reason, ...(lateReason ? { lateReason } : {}) }) },
    toUpdate: ({ receivedOn, acceptLate, authority }, { actor, documentId }) => ({
      actor,
      documentId,
      ...(receivedOn ? { receivedOn } : {}),
      ...(acceptLate ? { acceptLate } : {}),
      ...(authority ? { authority } : {}),
    }),
    emits: ['review_requested'],
  }),
  reopen: command({
    update: reopenUpdate,
    label: '重新处理',
    roles: intake,
    party: 'hospital',
    input: z
      .object({
        evidence: text('新的事实或证据', 20_000),
        receivedOn: shanghaiDay('收到新材料的日期').optional(),
      })
      .strict(),
    document: { kind: 'new_evidence', text: ({ evidence }) => ({ evidence }) },
    toUpdate: ({ receivedOn }, { actor, documentId }) => ({ actor, documentId, ...(receivedOn ? { receivedOn } : {}) }),
    emits: ['reopened'],
  }),
  // 受理告知书 for a petitioner without e-mail: posted (挂号信, its number optional) or handed over, on a day.
  recordAcceptanceNoticeDelivery: command({
    update: recordAcceptanceNoticeDeliveryUpdate,
    label: '登记受理告知书送达',
    roles: intake,
    party: 'hospital',
    input: z
      .object({
        deliveryMethod: z.enum(manualAcceptanceNoticeMethods, { error: '请选择送达方式（邮寄或当面送达）' }),
        deliveredOn: shanghaiDay('寄出或送达日期'),
        trackingNumber: z
          .string({ error: '挂号单号须为文字' })
          .trim()
          .regex(/^[A-Za-z0-9-]{4,40}$/, '挂号单号为4至40位字母、数字或连字符')
          .optional(),
      })
      .strict()
      .refine((input) => input.deliveryMethod === 'post' || input.trackingNumber === undefined, {
        message: '当面送达无须填写挂号单号',
        path: ['trackingNumber'],
      }),
    toUpdate: ({ deliveryMethod, deliveredOn, trackingNumber }, { actor }) => ({ actor, deliveryMethod, deliveredOn, ...(trackingNumber ? { trackingNumber } : {}) }),
    emits: ['acceptance_notice_delivered'],
  }),
  // 复查 / 复核 by the authority above (patch review-by-authority): the hospital sends the case file, records the
  // authority's receipt and any 听证, and the authority answers through its link (or staff enter the paper answer).
  sendReviewFile: command({
    update: sendReviewFileUpdate,
    label: '报送复查案卷',
    roles: intake,
    party: 'hospital',
    input: z.object({ note: optionalText('报送说明', 5000) }).strict(),
    document: { kind: 'review_file_note', optional: true, text: ({ note }) => (note ? { note } : undefined) },
    toUpdate: (_input, { actor, documentId }) => ({ actor, ...(documentId ? { documentId } : {}) }),
    emits: ['review_file_sent'],
  }),
  recordReviewReceipt: command({
    update: recordReviewReceiptUpdate,
    label: '登记上级机关收到日期',
    roles: intake,
    party: 'hospital',
    input: z.object({ receivedOn: shanghaiDay('上级机关收到日期') }).strict(),
    toUpdate: ({ receivedOn }, { actor }) => ({ actor, receivedOn }),
    link: linkForm({
      form: z.object({ receivedOn: shanghaiDay('收到日期') }),
      done: (state) => {
        const review = state.reviews?.at(-1);
        const due = state.deadlines?.find((d) => d.id === `authorityReview:${review?.stage}`);
        return `已登记收到日期${review?.authorityReceivedOn ?? ''}，答复期限${due ? `至${due.deadline.dueDate} 24时` : '已起算'}（听证时间不计算在内）。`;
      },
    }),
    emits: ['review_receipt_recorded'],
  }),
  startReviewHearing: command({
    update: startReviewHearingUpdate,
    label: '登记听证开始',
    roles: intake,
    party: 'hospital',
    input: z.object({ basis: text('听证情况（时间、地点、依据）', 5000) }).strict(),
    document: { kind: 'review_hearing', text: ({ basis }) => ({ basis }) },
    toUpdate: (_input, { actor, documentId }) => ({ actor, documentId }),
    emits: ['review_hearing_started'],
  }),
  endReviewHearing: command({
    update: endReviewHearingUpdate,
    label: '登记听证结束',
    roles: intake,
    party: 'hospital',
    input: z.object({}).strict(),
    toUpdate: (_input, { actor }) => ({ actor }),
    emits: ['review_hearing_ended'],
  }),
  answerReview: command({
    update: answerReviewUpdate,
    label: '登记复查意见',
    roles: intake,
    party: 'hospital',
    input: z.object({ opinion: reviewOpinion, deliveredOn: shanghaiDay('信访人收到意见的日期').optional() }).strict(),
    document: { kind: 'review_answer', text: ({ opinion }) => ({ opinion }) },
    toUpdate: ({ deliveredOn }, { actor, documentId }) => ({ actor, documentId, ...(deliveredOn ? { deliveredOn } : {}) }),
    link: linkForm({
      form: z.object({ opinion: reviewOpinion }),
      done: '复查（复核）意见已提交，本院信访办公室已收到。本链接已失效。',
      closesPage: true,
    }),
    emits: ['review_answered'],
  }),
  archive: command({
    update: archiveUpdate,
    label: '归档',
    roles: intake,
    party: 'hospital',
    input: z.object({}).strict(),
    toUpdate: (_input, { actor }) => ({ actor }),
    emits: ['archived'],
  }),
  takeOwnership: command({
    update: takeOwnershipUpdate,
    label: '领导包案',
    roles: leadership,
    party: 'hospital',
    input: z.object({}).strict(),
    toUpdate: (_input, { actor }) => ({ actor }),
    emits: ['ownership_taken'],
  }),
  // 催办 from the 督办 board or the petition page: the department's 督办提醒 goes out now.
  urge: command({
    update: urgeUpdate,
    label: '催办',
    roles: ['leader', 'president', 'intake', 'admin'],
    party: 'hospital',
    input: z.object({ department: departmentCode('承办部门') }).strict(),
    toUpdate: ({ department }, { actor }) => ({ actor, department }),
    emits: ['urged'],
  }),
  // 督办意见: a leader's written instruction to a department, mailed to it and kept on the petition page.
  instruct: command({
    update: instructUpdate,
    label: '提出督办意见',
    roles: leadership,
    party: 'hospital',
    input: z.object({ department: departmentCode('承办部门'), note: text('督办意见', 5000) }).strict(),
    document: { kind: 'supervision_instruction', text: ({ note }) => ({ note }) },
    toUpdate: ({ department }, { actor, documentId }) => ({ actor, department, documentId }),
    emits: ['instructed'],
  }),
};

export type CommandKey = keyof typeof catalog;

/** Compile-time checks that two sets of names agree (here and for the link purposes in services/links). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
type Messages = typeof petitionMessages;
/** The catalog key each Update definition in workflows/petition/messages.ts stands for: `returnCaseUpdate` → returnCase. */
type WorkflowUpdateKey = {
  [K in keyof Messages]: Messages[K] extends UpdateDefinition<any, any, any> ? (K extends `${infer Key}Update` ? Key : K) : never;
}[keyof Messages];
/**
 * A new Update in the workflow does not compile until it has its entry above, and an entry without an Update does
 * not compile either (test/unit/command-catalog.test.ts checks that each entry's Update has the key as its name).
 */
export type EveryUpdateHasAnEntry = Assert<Same<WorkflowUpdateKey, CommandKey>>;
export type CommandInput<K extends CommandKey> = z.output<(typeof catalog)[K]['input']>;

/** Keys with a link-page form: the link purposes besides `handle` (services/links/link-tokens.ts). */
export type LinkCommandKey = { [K in CommandKey]: (typeof catalog)[K]['link'] extends LinkForm ? K : never }[CommandKey];

export interface Command extends CommandSpec {
  key: CommandKey;
  slug: string;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Every command by its key. */
export const commands = Object.fromEntries(
  (Object.entries(catalog) as Array<[CommandKey, CommandSpec]>).map(([key, spec]) => [key, { ...spec, key, slug: spec.slug ?? kebab(key) }]),
) as Record<CommandKey, Command>;

/** Every command, in the catalog's order. */
export const commandList: readonly Command[] = Object.values(commands);

export function isCommandKey(value: string): value is CommandKey {
  return isKeyOf(catalog, value);
}

/** The command a URL segment names (`request-extension` → requestExtension), if any. */
export function commandBySlug(slug: string): Command | undefined {
  return commandList.find((entry) => entry.slug === slug);
}

/** The commands a link page can submit, by key (= their link token purpose). */
export const linkCommands = commandList.filter((entry): entry is Command & { key: LinkCommandKey; link: LinkForm } => entry.link !== undefined);
