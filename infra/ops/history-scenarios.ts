/**
 * The petitions whose histories are kept as replay fixtures: each main path, finished and still running. Steps are
 * API calls, so a scenario exercises exactly what staff do. Add a scenario for every new path through the workflow.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { pinPolicyVersion } from '../../services/policy-versions';
import { loadPolicy } from '../../workflows/deadlines';
import { adoptPolicyUpdate } from '../../workflows/petition/policy-adoption';

/** A step that is no party's command but a system operation on this petition alone (e.g. an adoption's Update). */
export interface SystemStep {
  system: (context: { prisma: PrismaClient; temporal: Client; workflowId: string }) => Promise<unknown>;
}

export type ScenarioStep = CommandStep | SystemStep;

export interface CommandStep {
  command: string;
  /** A function when the body depends on the moment it is sent (a due time a few seconds ahead). */
  body: Record<string, unknown> | (() => Record<string, unknown>);
  /** Acts as this staff member (X-Staff-Id) instead of the default intake clerk, e.g. a leader deciding an extension. */
  staffId?: string;
}

export interface HistoryScenario {
  /** File name under test/replay/histories, without .json. */
  name: string;
  registration: Record<string, unknown>;
  steps: ScenarioStep[];
  /** Finished scenarios wait for the workflow to complete; the others are captured while it waits for people. */
  finished: boolean;
  /** Waits this long after the last step before looking for idleness (a due time that must pass first). */
  waitMs?: number;
  /**
   * Instead of the API registration: the petition comes in as one open row of a 台账 (a CSV of these headers and
   * this row, built at capture time) through the import use case, whose workflow starts with the row's receipt date.
   */
  ledger?: () => { headers: string[]; row: string[] };
}

const named = {
  channel: 'visit',
  category: 'medical_quality',
  petitioner: { name: '样例信访人', phone: '13900000000', email: 'fixture.petitioner@example.cn' },
  content: '回放样例：住院期间术后护理不及时。',
  complainedAbout: ['外科 病区'],
};

const accept: ScenarioStep = { command: 'accept', body: {} };
/** The adoptPolicy Update sent to this petition only (the adoption service would move every running fixture). */
const adoptEditedPolicy: SystemStep = {
  system: async ({ prisma, temporal, workflowId }) => {
    const bundled = loadPolicy('xinfang-2022');
    const edited = { ...bundled, version: `${bundled.version}-fixture`, limits: { ...bundled.limits, handling: { ...bundled.limits.handling, amount: 45, label: '受理后45日内办结（回放样例）' } } };
    const policy = await pinPolicyVersion(prisma, edited);
    return temporal.workflow.getHandle(workflowId).executeUpdate(adoptPolicyUpdate, { args: [{ actor: 'staff:admin01', policy }] });
  },
};
const assign: ScenarioStep = { command: 'assign', body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] } };
const reply: ScenarioStep = {
  command: 'reply',
  body: { department: 'YWC', investigation: '调阅病历。', findings: '护理记录完整。', opinion: '加强沟通。', result: '已说明情况。' },
};
const feedback: ScenarioStep = { command: 'feedback', body: { satisfaction: 'satisfied' } };
const archive: ScenarioStep = { command: 'archive', body: {} };
const decline: ScenarioStep = { command: 'decline', body: { reason: '已进入诉讼程序。', redirectTo: '请通过人民法院解决。' } };
const acknowledge: ScenarioStep = { command: 'acknowledge', body: { department: 'YWC' } };
const requestExtension: ScenarioStep = { command: 'request-extension', body: { department: 'YWC', days: 10, reason: '需调取外院病历。' } };
const approveExtension: ScenarioStep = { command: 'decide-extension', body: { approve: true }, staffId: 'leader-med' };
// Bound approvals (patch bound-extension-decision): the department's 分管院领导 decides; a cooperating department's
// extension tells only that department, the lead department's moves the matter's deadline and tells the petitioner.
const requestExtensionXnk: ScenarioStep = { command: 'request-extension', body: { department: 'XNK', days: 10, reason: '需组织科室会诊。' } };
const approveBound = (requested: ScenarioStep): ScenarioStep[] => [requested, { command: 'decide-extension', body: { approve: true }, staffId: 'leader-med' }];
const returnCase: ScenarioStep = { command: 'return', body: { department: 'YWC', reason: '不属本部门职责。' } };
const pause: ScenarioStep = { command: 'pause', body: { reason: '待信访人补充病历复印件。' } };
const resume: ScenarioStep = { command: 'resume', body: {} };
/** 中止计时 on a policy ground (patch pause-by-policy): the hospital's own rules, approved and entered by a leader. */
const pauseOnGround: ScenarioStep = { command: 'pause', body: { ground: 'supplementaryMaterials', reason: '待信访人补充病历复印件。', materials: '病历复印件' }, staffId: 'leader-med' };
// Review before answer (patch reply-review): the reply is a draft the 信访办 returns or approves before the petitioner
// is answered; the feedback records the delivery (送达) by post on the day.
const returnReply: ScenarioStep = { command: 'return-reply', body: { note: '请补充调查经过，删去内部处理情况。' } };
const approveReply: ScenarioStep = {
  command: 'approve-reply',
  body: { investigation: '调阅病历。', findings: '护理记录完整。', opinion: '加强沟通。', result: '已向您说明情况。' },
};
const feedbackDelivered: ScenarioStep = {
  command: 'feedback',
  body: () => ({ satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) }),
};
/** Assigned with a due time 3 s ahead: the overdue mark, the supervision item and the escalation at the due instant. */
const assignDueSoon: ScenarioStep = { command: 'assign', body: () => ({ leadDepartment: 'YWC', dueAt: new Date(Date.now() + 3_000).toISOString() }) };
/** An open 台账 row received 60 days ago, 6 people, 上级转办: overdue at once, and it alerts the leadership (集体访, 越级访). */
const importedCollectiveRow = () => ({
  headers: ['登记号', '收到日期', '来源', '人数', '反映内容', '类别', '涉及科室'],
  row: ['FIXTURE-1', new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10), '上级转办', '6', '回放样例：导入时在办的集体访。', '服务态度', '门诊部'],
});

/**
 * 12345 转办 (patch handed-down-matter): the authority's deadline 7 days after capture (earlier than the policy's, so
 * the department's limit is capped at it) and its 办结报告 due 9 days after, reported at 反馈.
 */
const handedDown = {
  ...named,
  channel: 'hotline_12345',
  handedDown: {
    authority: 'RX12345',
    referenceNumber: 'GD-FIXTURE-0001',
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    reportDueAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
  },
};
const assignYwc: ScenarioStep = { command: 'assign', body: { leadDepartment: 'YWC' } };

/** A petitioner who left no e-mail (name and phone only): the 受理告知书 must be posted or handed over. */
const withoutEmail = { ...named, petitioner: { name: '样例信访人', phone: '13900000000' } };
/** Waits until the 信访办 was reminded that the 受理告知书 found no address (its mail is out). */
const officeReminded: SystemStep = {
  system: async ({ prisma, workflowId }) => {
    for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const sent = await prisma.notification.findFirst({ where: { petition: { workflowId }, template: 'acceptance-notice-reminder', status: 'sent' } });
      if (sent) return sent;
    }
    throw new Error(`${workflowId}: no 受理告知书送达提醒 within 15 s`);
  },
};
/** 挂号信 posted today, its number recorded. */
const acceptanceNoticePosted: ScenarioStep = {
  command: 'record-acceptance-notice-delivery',
  body: () => ({ deliveryMethod: 'post', deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), trackingNumber: 'XA123456789CN' }),
};
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** 复查 by the authority above: request, case file, the authority's receipt today, a 听证 begun and ended. */
const reviewByAuthority: ScenarioStep[] = [
  { command: 'request-review', body: { reason: '对处理意见不服，请求复查。' } },
  { command: 'send-review-file', body: { note: '附病历复印件。' } },
  { command: 'record-review-receipt', body: () => ({ receivedOn: shanghaiToday() }) },
  { command: 'start-review-hearing', body: { basis: '市卫健委组织听证。' } },
  { command: 'end-review-hearing', body: {} },
];
const answerReview: ScenarioStep = { command: 'answer-review', body: { opinion: '经复查，维持原处理意见。' } };

export const historyScenarios: HistoryScenario[] = [
  // finished-full-path and running-replied were captured before the review step (patch reply-review): their reply went
  // to the petitioner at once. The workflow of today would refuse this feedback until the reply is approved; the
  // fixtures are kept as they are (never re-captured), and finished-reviewed-path is the path of today.
  { name: 'finished-full-path', registration: named, steps: [accept, assign, reply, feedback, archive], finished: true },
  { name: 'finished-declined', registration: { ...named, channel: 'letter', category: 'billing' }, steps: [decline, archive], finished: true },
  { name: 'running-registered', registration: named, steps: [], finished: false },
  { name: 'running-accepted', registration: named, steps: [accept], finished: false },
  { name: 'running-assigned', registration: named, steps: [accept, assign], finished: false },
  { name: 'running-replied', registration: named, steps: [accept, assign, reply], finished: false },
  {
    name: 'running-anonymous-accepted',
    registration: { ...named, anonymous: true, petitioner: undefined, channel: 'suggestion_box' },
    steps: [accept],
    finished: false,
  },
  { name: 'running-acknowledged', registration: named, steps: [accept, assign, acknowledge], finished: false },
  { name: 'running-extension-approved', registration: named, steps: [accept, assign, acknowledge, requestExtension, approveExtension], finished: false },
  { name: 'running-returned', registration: named, steps: [accept, assign, returnCase], finished: false },
  { name: 'running-clock-resumed', registration: named, steps: [accept, assign, pause, resume], finished: false },
  // Captured 2026-12-01 before the one-transaction firing (patch one-firing-transaction): each step its own activities.
  { name: 'running-overdue-escalated', registration: named, steps: [accept, assignDueSoon], finished: false, waitMs: 8_000 },
  // The same after the patch: the steps due at the instant written by one recordFiring activity.
  // Captured 2026-12-02 with the review step (patch reply-review): the reply waits for the 信访办, nothing is mailed.
  { name: 'running-reply-under-review', registration: named, steps: [accept, assign, reply], finished: false },
  {
    name: 'finished-reviewed-path',
    registration: named,
    steps: [accept, assign, reply, returnReply, reply, approveReply, feedbackDelivered, archive],
    finished: true,
  },
  { name: 'running-overdue-one-firing', registration: named, steps: [accept, assignDueSoon], finished: false, waitMs: 8_000 },
  {
    name: 'running-extension-bound',
    registration: named,
    steps: [accept, assign, acknowledge, ...approveBound(requestExtensionXnk), ...approveBound(requestExtension)],
    finished: false,
  },
  // An imported open row that alerts the leadership (patch ledger-import-alert-in-summary): the alert is recorded, no
  // notice is sent (the import's summary mail names it), and its acceptance limit is already past.
  // 催办 from the board (patch urge-command): the urge event and the department's 督办提醒 at once.
  { name: 'running-urged', registration: named, steps: [accept, assign, { command: 'urge', body: { department: 'XNK' }, staffId: 'leader-med' }], finished: false },
  // 督办意见 (patch instruct-command): the instruction document's id in the event and the 督办意见通知.
  { name: 'running-instructed', registration: named, steps: [accept, assign, { command: 'instruct', body: { department: 'YWC', note: '请三日内查明原因。' }, staffId: 'leader-med' }], finished: false },
  { name: 'running-imported-alert-in-summary', registration: {}, ledger: importedCollectiveRow, steps: [], finished: false },
  // Policies pinned (issue 16): the registration passes its policy version in the input; an admin's adoption moves
  // the petition to an edited version (45 days, made up for the fixture), and the assignment after it counts by it.
  { name: 'running-policy-adopted', registration: named, steps: [accept, adoptEditedPolicy, assign], finished: false },
  // A 12345 matter (patch handed-down-matter): the authority's and the report's deadlines open, the handling capped;
  // finished: 反馈 meets both and mails the 办结报告 to the authority.
  { name: 'running-handed-down-assigned', registration: handedDown, steps: [accept, assignYwc], finished: false },
  { name: 'finished-handed-down-reported', registration: handedDown, steps: [accept, assignYwc, reply, approveReply, feedbackDelivered, archive], finished: true },
  // Declined: the 办结报告 states the decision (after the declined event).
  { name: 'finished-handed-down-declined', registration: handedDown, steps: [decline, archive], finished: true },
  // 医疗机构投诉管理办法 as the policy data has it (issue 16, patch limit-basis): the 首诉 target internal, two
  // departments assigned get the 10 working days, the statutory limit counted without closures.
  { name: 'running-clock-stopped-on-ground', registration: { ...named, policyId: 'hospital-example' }, steps: [accept, assign, pauseOnGround], finished: false },
  { name: 'running-clock-resumed-on-ground', registration: { ...named, policyId: 'hospital-example' }, steps: [accept, assign, pauseOnGround, resume], finished: false },
  // 重新处理 on new evidence (医疗机构投诉管理办法): answered, then handled again by both departments on a fresh limit.
  {
    name: 'running-reopened-on-new-evidence',
    registration: { ...named, policyId: 'complaint-2019' },
    steps: [accept, assign, reply, approveReply, feedbackDelivered, { command: 'reopen', body: { evidence: '信访人补交外院复查报告。' } }],
    finished: false,
  },
  // 首诉 passed (patch office-owner-reminder): received two days before capture, not yet handled; the intake officers
  // are reminded, nobody is escalated to.
  {
    name: 'running-complaint-office-reminded',
    registration: { ...named, policyId: 'complaint-2019', receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
    steps: [],
    finished: false,
  },
  { name: 'running-complaint-two-departments', registration: { ...named, policyId: 'complaint-2019' }, steps: [accept, assign], finished: false },
  // 受理告知书 as a duty of its own (issue 16, patch acceptance-notice-duty): accepting opens its deadline; the mail
  // meets it on its send date (acceptance_notice_delivered by system) …
  { name: 'running-acceptance-notice-mailed', registration: named, steps: [accept], finished: false },
  // … or, for a petitioner without e-mail, the 信访办 is reminded at once and records the 挂号信 it posted.
  { name: 'running-acceptance-notice-posted', registration: withoutEmail, steps: [accept, officeReminded, acceptanceNoticePosted], finished: false },
  // 复查 as it ran before the authority above answered it (captured 2026-12-02 before patch review-by-authority): the
  // lead department answers the review; such running petitions keep that path.
  { name: 'running-review-by-department', registration: named, steps: [accept, assign, reply, approveReply, feedbackDelivered, { command: 'request-review', body: { reason: '对处理意见不服，请求复查。' } }], finished: false },
  // 复查 by the authority above (patch review-by-authority): the request recorded as addressed to the authority, the
  // case file sent to its mailbox with its link, its receipt recorded (its 30 days from that day), a 听证 pausing and
  // resuming that clock; finished: its answer recorded and the petition archived.
  { name: 'running-review-by-authority', registration: named, steps: [accept, assign, reply, approveReply, feedbackDelivered, ...reviewByAuthority], finished: false },
  // The mail outbox (issue 10, patch mail-outbox): the assignment's 交办单 queued, not sent, by the workflow; the
  // deadline's firing queues its escalation in recordFiring's own transaction, so overdue + escalation cost one
  // activity and no mail inside the workflow.
  { name: 'running-overdue-outbox', registration: named, steps: [accept, assignDueSoon], finished: false, waitMs: 8_000 },
  { name: 'finished-review-by-authority', registration: named, steps: [accept, assign, reply, approveReply, feedbackDelivered, ...reviewByAuthority, answerReview, archive], finished: true },
  // The firing as a local activity (issue 10, patch local-record-writes): recordFiring runs inside the workflow task
  // the timer woke, so overdue + escalation cost one workflow task, one marker and no activity task on the server.
  { name: 'running-overdue-local-writes', registration: named, steps: [accept, assignDueSoon], finished: false, waitMs: 8_000 },
  // Every command's transition written the same way (one workflow task per command, a marker instead of an activity).
  { name: 'finished-reviewed-path-local-writes', registration: named, steps: [accept, assign, acknowledge, requestExtension, approveExtension, reply, approveReply, feedbackDelivered, archive], finished: true },
];
