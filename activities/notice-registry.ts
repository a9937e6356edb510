/**
 * The notice registry: for each notice kind of workflows/domain/notices.ts, its audience (taken from there), its
 * recipients and its template (activities/mail/templates, beside the sending activity). Adding a notice is one kind
 * there and one entry here. A template sees the petitioner's name and contact only through `subject.petitioner`,
 * which the audience decides: a petitioner notice names its (non-anonymous) addressee; a department, leadership or
 * higher-authority notice names the petitioner only when the petitioner consented and is not anonymous.
 */
import type { Petition, Petitioner, PrismaClient } from '../generated/prisma/client';
import { limitRuleText, ROLE_LABELS } from '../workflows/deadlines';
import { alertReasonLabel } from '../workflows/domain/alerts';
import { categories, channels, deliveryMethods, isCategory, isChannel, satisfactionLevels, statuses } from '../workflows/domain/catalog';
import { noticeKinds, type Audience, type NoticeKind } from '../workflows/domain/notices';
import { roleLabel } from '../workflows/domain/roles';
import { describeTimeLeft } from '../workflows/domain/time-left';
import { isKeyOf } from '../workflows/domain/keys';
import { deadlineKindLabels, deadlineLabel } from '../workflows/domain/overdue';
import { resolveExtensionDecider } from './extension-decider';
import type { LinkRequest, LinkSigner } from './link-signer';
import { render as renderAcceptance } from './mail/templates/acceptance-notice';
import { render as renderAcceptanceNoticeReminder } from './mail/templates/acceptance-notice-reminder';
import { render as renderAssignment } from './mail/templates/assignment-slip';
import { renderClockPaused, renderClockResumed } from './mail/templates/clock-stop';
import { render as renderOfficeReminder } from './mail/templates/office-reminder';
import { render as renderAuthorityReport, renderReminder as renderAuthorityReportReminder } from './mail/templates/authority-report';
import { renderForDepartment as renderDeadlineRecalculatedForDepartment, renderForPetitioner as renderDeadlineRecalculatedForPetitioner } from './mail/templates/deadline-recalculated';
import { render as renderDecline } from './mail/templates/decline-notice';
import { render as renderEscalation } from './mail/templates/escalation';
import { render as renderExtensionDecision } from './mail/templates/extension-decision';
import { render as renderExtension } from './mail/templates/extension-notice';
import { render as renderExtensionRequest } from './mail/templates/extension-request';
import { render as renderLeadershipAlert } from './mail/templates/leadership-alert';
import type { RenderedMail } from './mail/templates/letter';
import { render as renderReminder } from './mail/templates/reminder';
import { render as renderReply } from './mail/templates/reply-letter';
import { render as renderReplyReturned } from './mail/templates/reply-returned';
import { render as renderSupervisionInstruction } from './mail/templates/supervision-instruction';
import { render as renderReviewCaseFile, renderReminder as renderAuthorityReviewReminder } from './mail/templates/review-case-file';
import { reviewingAuthority, reviewStageTitle } from '../workflows/domain/authority-review';
import { expectedReplyBy, pinnedPolicy, reviewRightsText } from './policy-text';
import type { Clock, NoticeSettings } from './settings';
import type { NoticeOf } from '../workflows/activity-contracts/petition';

export interface NoticeDependencies {
  prisma: PrismaClient;
  clock: Clock;
  settings: NoticeSettings;
  /** Signs the action links in department and leader mails; without it those mails carry no link. */
  links?: LinkSigner;
}

/** The petitioner's name and contact, where the audience allows them. */
export interface DisclosedPetitioner {
  name?: string;
  phone?: string;
  email?: string;
}

/** The petition as a notice sees it: the row (no personal data) and the petitioner only where the audience allows. */
export interface NoticeSubject {
  petition: Petition;
  petitioner?: DisclosedPetitioner;
}

export interface Recipient {
  /** None: the notice is recorded as having no recipient. */
  email: string | undefined;
  name?: string;
  /** Appended to the request's idempotency key when one notice goes to several people. */
  keySuffix?: string;
}

/** Who may be named to whom (保守信访秘密): decided by the audience alone, never by a list of kinds. */
export function disclosedPetitioner(audience: Audience, petition: Pick<Petition, 'anonymous'>, petitioner: Petitioner | null): DisclosedPetitioner | undefined {
  if (!petitioner || petition.anonymous) return undefined;
  if (audience !== 'petitioner' && !petitioner.consentToDisclose) return undefined;
  return { name: petitioner.name ?? undefined, phone: petitioner.phone ?? undefined, email: petitioner.email ?? undefined };
}

interface NoticeEntry<K extends NoticeKind, Data> {
  template: (data: Data) => RenderedMail;
  recipients(request: NoticeOf<K>, subject: NoticeSubject, deps: NoticeDependencies): Promise<Recipient[]>;
  /** What the template needs, for one recipient; `idempotencyKey` is that mail's key (links are keyed by it). */
  data(request: NoticeOf<K>, subject: NoticeSubject, recipient: Recipient, idempotencyKey: string, deps: NoticeDependencies): Promise<Data>;
}

/** A registry entry with its template's data hidden: what the send needs. */
export interface RegisteredNotice<K extends NoticeKind> {
  audience: Audience;
  recipients(request: NoticeOf<K>, subject: NoticeSubject, deps: NoticeDependencies): Promise<Recipient[]>;
  compose(request: NoticeOf<K>, subject: NoticeSubject, recipient: Recipient, idempotencyKey: string, deps: NoticeDependencies): Promise<RenderedMail>;
}

/** The audience is the domain's (workflows/domain/notices.ts), never restated per entry. */
function entry<K extends NoticeKind, Data>(kind: K, notice: NoticeEntry<K, Data>): RegisteredNotice<K> {
  return {
    audience: noticeKinds[kind].audience,
    recipients: notice.recipients,
    compose: async (request, subject, recipient, key, deps) => notice.template(await notice.data(request, subject, recipient, key, deps)),
  };
}

function textField(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : '';
}

function categoryLabel(petition: Petition): string {
  return isCategory(petition.category) ? categories[petition.category].label : petition.category;
}

function channelLabel(petition: Petition): string {
  return isChannel(petition.channel) ? channels[petition.channel] : petition.channel;
}

/** How long ago the deadline passed, worded as every view words it ("2 天", "3 小时 5 分"); none in its first minute. */
function overdueBy(dueAt: Date, now: Date): string | undefined {
  if (now.getTime() - dueAt.getTime() < 60_000) return undefined;
  return describeTimeLeft(dueAt, now).replace(/^已超期\s*/, '');
}

async function actionUrl(deps: NoticeDependencies, request: Omit<LinkRequest, 'number' | 'petitionId'>, petition: Petition): Promise<string | undefined> {
  if (!deps.links) return undefined;
  return (await deps.links.issueLink({ ...request, petitionId: petition.id, number: petition.number })).url;
}

async function latestDocument(prisma: PrismaClient, petitionId: string, kind: string) {
  return prisma.petitionDocument.findFirst({ where: { petitionId, kind, accepted: true }, orderBy: { createdAt: 'desc' } });
}

async function activeStaff(prisma: PrismaClient, where: { id?: string; role?: string }): Promise<Recipient> {
  const member = await prisma.staffMember.findFirst({ where: { ...where, active: true }, orderBy: { id: 'asc' } });
  return { email: member?.email, name: member?.name };
}

/** Who decides the department's extension request under the petition's policy (activities/extension-decider.ts). */
async function extensionDeciderOf(prisma: PrismaClient, petition: Petition, departmentCode: string) {
  const policy = await pinnedPolicy(prisma, petition);
  return resolveExtensionDecider(prisma, { departmentCode, approvedBy: policy.extension?.approvedBy ?? 'leaderInCharge' });
}

/** What both 期限变更 letters say: which date, from when to when, on whose schedule. */
function recalculatedData(
  request: NoticeOf<'deadline-recalculated' | 'deadline-recalculated-petitioner'>,
  petition: Petition,
  addressee: string,
  hospitalName: string,
  issuedAt: Date,
) {
  return {
    number: petition.number,
    addressee,
    deadlineLabel: isKeyOf(deadlineKindLabels, request.deadlineKind) ? deadlineKindLabels[request.deadlineKind] : '期限',
    previousDueAt: new Date(request.previousDueAt),
    dueAt: new Date(request.dueAt),
    year: request.year,
    source: request.source,
    hospitalName,
    issuedAt,
  };
}

/** The ground a clock stopped on, as the petition's pinned policy states it (a ground no longer stated: its id). */
async function pauseGroundOf(prisma: PrismaClient, petition: Petition, id: string): Promise<{ label: string; rule: string }> {
  const ground = (await pinnedPolicy(prisma, petition)).pausing?.grounds.find((g) => g.id === id);
  return ground ?? { label: id, rule: '本事项适用的办理规定' };
}

/** 催办 / 督办 go up the responsibility ladder: the department, its head, its leader in charge, the president. */
async function ladderRecipient(prisma: PrismaClient, request: Pick<NoticeOf<'reminder'>, 'departmentCode' | 'role'>): Promise<Recipient> {
  const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
  switch (request.role) {
    case 'handler':
      return { email: department.email };
    case 'departmentHead':
      return { email: department.headEmail ?? department.email, name: department.headName ?? undefined };
    case 'leaderInCharge':
      return department.leaderInCharge ? activeStaff(prisma, { id: department.leaderInCharge }) : { email: undefined };
    default:
      return activeStaff(prisma, { role: 'president' });
  }
}

/** The authority above by its configured code; an unknown code has no mailbox (the notice records no recipient). */
function authorityOf(settings: NoticeSettings, code: string): { name: string; email: string | undefined } {
  const authority = settings.authorities?.find((a) => a.code === code);
  return { name: authority?.name ?? code, email: authority?.email };
}

/** The 信访办: every active intake officer, each with a mail of their own. */
const toIntakeOfficers = async (_request: unknown, _subject: NoticeSubject, { prisma }: { prisma: PrismaClient }): Promise<Recipient[]> => {
  const officers = await prisma.staffMember.findMany({ where: { role: 'intake', active: true }, orderBy: { id: 'asc' } });
  return officers.map((officer) => ({ email: officer.email, name: officer.name, keySuffix: `:${officer.id}` }));
};
/** The authority that answers a review stage: the one the request named, else the one configured for the stage. */
function reviewAuthorityOf(settings: NoticeSettings, stage: string, code?: string): { name: string; email: string | undefined; code?: string } {
  const authority = reviewingAuthority(settings.authorities, stage, code);
  return authority ? { name: authority.name, email: authority.email, code: authority.code } : { name: code ?? `受理${reviewStageTitle(stage)}的上级机关`, email: undefined };
}

const toPetitioner = async (_request: unknown, subject: NoticeSubject): Promise<Recipient[]> => [{ email: subject.petitioner?.email, name: subject.petitioner?.name }];

function ladderEntry<K extends 'reminder' | 'escalation'>(kind: K): RegisteredNotice<K> {
  return entry<K, Parameters<typeof renderReminder>[0]>(kind, {
    template: kind === 'reminder' ? renderReminder : renderEscalation,
    recipients: async (request, _subject, { prisma }) => [await ladderRecipient(prisma, request)],
    data: async (request, { petition }, recipient, key, deps) => {
      const { prisma, clock, settings } = deps;
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      const issuedAt = clock.now();
      const dueAt = new Date(request.dueAt);
      // The department's own rungs (its mailbox, its head) get its 办理入口, so a 催办 can be acted on from the mail;
      // valid from the later of the due time and now, so a link mailed for a long-overdue step is not born expired.
      const departmentRung = request.role === 'handler' || request.role === 'departmentHead';
      const linkDue = new Date(Math.max(dueAt.getTime(), issuedAt.getTime())).toISOString();
      const url = departmentRung ? await actionUrl(deps, { subject: `dept:${department.code}`, purpose: 'handle', dueAt: linkDue, idempotencyKey: key }, petition) : undefined;
      return {
        number: petition.number,
        recipientName: recipient.name,
        recipientRole: request.role,
        departmentName: department.name,
        dueAt,
        overdueBy: overdueBy(dueAt, issuedAt),
        stepLabel: request.stepLabel,
        ...(url ? { actionUrl: url } : {}),
        hospitalName: settings.hospitalName,
        issuedAt,
      };
    },
  });
}

export const noticeRegistry: { [K in NoticeKind]: RegisteredNotice<K> } = {
  acceptance: entry('acceptance', {
    template: renderAcceptance,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'acceptance'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      const accepted = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'accepted' } });
      const acceptedAt = accepted?.occurredAt ?? clock.now();
      // The workflow's date counted on the pinned calendar; a recount only for petitions accepted before it was kept.
      const kept = request.expectedBy ?? textField(accepted?.payload, 'expectedReplyBy');
      const policy = await pinnedPolicy(prisma, petition);
      return {
        number: petition.number,
        petitionerName: petitioner?.name,
        receivedAt: petition.receivedAt,
        acceptedAt,
        expectedReplyBy: kept ? new Date(kept) : expectedReplyBy(policy, acceptedAt),
        policyTitle: policy.title,
        queryCode: petition.queryCode,
        lookupUrl: `${settings.publicBaseUrl}/lookup`,
        hospitalName: settings.hospitalName,
      };
    },
  }),
  decline: entry('decline', {
    template: renderDecline,
    recipients: toPetitioner,
    data: async (_request: NoticeOf<'decline'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      const reason = await latestDocument(prisma, petition.id, 'decline');
      return {
        number: petition.number,
        petitionerName: petitioner?.name,
        reason: textField(reason?.body, 'reason'),
        redirectTo: textField(reason?.body, 'redirectTo'),
        decidedAt: reason?.createdAt ?? clock.now(),
        hospitalName: settings.hospitalName,
      };
    },
  }),
  reply: entry('reply', {
    template: renderReply,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'reply'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      // The review path mails the letter the 信访办 approved; older runs mailed the department's reply as written.
      const reply = request.letterDocumentId
        ? await prisma.petitionDocument.findUnique({ where: { id: request.letterDocumentId } })
        : await latestDocument(prisma, petition.id, 'reply');
      const department = petition.leadDepartment ? await prisma.department.findUnique({ where: { code: petition.leadDepartment } }) : null;
      return {
        number: petition.number,
        petitionerName: petitioner?.name,
        investigation: textField(reply?.body, 'investigation'),
        findings: textField(reply?.body, 'findings'),
        opinion: textField(reply?.body, 'opinion'),
        result: textField(reply?.body, 'result'),
        departmentName: department?.name ?? petition.leadDepartment ?? '',
        repliedAt: reply?.createdAt ?? clock.now(),
        // The right to 复查 (信访工作条例 第三十五条): the period and the configured authority.
        reviewRightsText: reviewRightsText(await pinnedPolicy(prisma, petition), settings.authorities),
        hospitalName: settings.hospitalName,
      };
    },
  }),
  extension: entry('extension', {
    template: renderExtension,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'extension'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      const reason = await prisma.petitionDocument.findUnique({ where: { id: request.reasonDocumentId } });
      return {
        number: petition.number,
        petitionerName: petitioner?.name,
        newDueAt: new Date(request.dueAt),
        reason: textField(reason?.body, 'reason'),
        policyLabel: (await pinnedPolicy(prisma, petition)).extension?.label ?? '',
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  assignment: entry('assignment', {
    template: renderAssignment,
    recipients: async (request: NoticeOf<'assignment'>, _subject, { prisma }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return [{ email: department.email, name: department.name }];
    },
    data: async (request, { petition, petitioner }, _recipient, key, deps) => {
      const department = await deps.prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      // The slip names the 签收 deadline, this department's own handling date and the other departments (issue 13).
      const involved = [petition.leadDepartment, ...petition.cooperatingDepartments].filter((code): code is string => Boolean(code));
      const names = new Map((await deps.prisma.department.findMany({ where: { code: { in: involved } }, select: { code: true, name: true } })).map((d) => [d.code, d.name]));
      const facts = (Array.isArray(petition.deadlines) ? petition.deadlines : []) as Array<{ kind?: string; department?: string; dueAt?: string; status?: string }>;
      const own = (kind: string) => facts.filter((f) => f.kind === kind && f.department === department.code && f.dueAt).at(-1);
      const acknowledgeBy = own('acknowledgement');
      const handling = own('handling');
      return {
        number: petition.number,
        departmentName: department.name,
        role: request.departmentRole,
        ...(acknowledgeBy?.status === 'open' ? { acknowledgeBy: new Date(acknowledgeBy.dueAt!) } : {}),
        ...(request.departmentRole === 'cooperating' && petition.leadDepartment ? { leadDepartmentName: names.get(petition.leadDepartment) ?? petition.leadDepartment } : {}),
        cooperatingDepartmentNames: petition.cooperatingDepartments.filter((code) => code !== department.code).map((code) => names.get(code) ?? code),
        category: categoryLabel(petition),
        channel: channelLabel(petition),
        matter: petition.content,
        complainedAbout: Array.isArray(petition.complainedAbout) ? petition.complainedAbout.map(String) : [],
        // A cooperating department may have a date of its own (交办 departmentDueAt).
        dueAt: handling?.dueAt ? new Date(handling.dueAt) : petition.dueAt ?? deps.clock.now(),
        assignedAt: deps.clock.now(),
        actionUrl: await actionUrl(deps, { subject: `dept:${department.code}`, purpose: 'handle', dueAt: petition.dueAt, idempotencyKey: key }, petition),
        hospitalName: deps.settings.hospitalName,
        petitioner,
      };
    },
  }),
  'reply-returned': entry('reply-returned', {
    template: renderReplyReturned,
    recipients: async (request: NoticeOf<'reply-returned'>, _subject, { prisma }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return [{ email: department.email, name: department.name }];
    },
    data: async (request, { petition }, _recipient, key, deps) => {
      const department = await deps.prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      const note = await deps.prisma.petitionDocument.findUnique({ where: { id: request.documentId } });
      return {
        number: petition.number,
        departmentName: department.name,
        note: textField(note?.body, 'note'),
        dueAt: petition.dueAt ?? undefined,
        // A link of its own for the second reply (the first page link also reopens its reply form).
        actionUrl: await actionUrl(deps, { subject: `dept:${department.code}`, purpose: 'handle', dueAt: petition.dueAt, idempotencyKey: key }, petition),
        hospitalName: deps.settings.hospitalName,
        issuedAt: deps.clock.now(),
      };
    },
  }),
  'supervision-instruction': entry('supervision-instruction', {
    template: renderSupervisionInstruction,
    recipients: async (request: NoticeOf<'supervision-instruction'>, _subject, { prisma }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return [{ email: department.email, name: department.name }];
    },
    data: async (request, { petition }, _recipient, key, deps) => {
      const department = await deps.prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      const instruction = await deps.prisma.petitionDocument.findUnique({ where: { id: request.documentId } });
      const author = instruction?.author.startsWith('staff:')
        ? await deps.prisma.staffMember.findUnique({ where: { id: instruction.author.slice('staff:'.length) }, select: { name: true, role: true } })
        : null;
      return {
        number: petition.number,
        departmentName: department.name,
        leaderName: author ? `${author.name}（${author.role === 'president' ? '院长' : '院领导'}）` : '院领导',
        instruction: textField(instruction?.body, 'note'),
        dueAt: new Date(request.dueAt),
        actionUrl: await actionUrl(deps, { subject: `dept:${department.code}`, purpose: 'handle', dueAt: petition.dueAt, idempotencyKey: key }, petition),
        hospitalName: deps.settings.hospitalName,
        issuedAt: deps.clock.now(),
      };
    },
  }),
  'extension-request': entry('extension-request', {
    template: renderExtensionRequest,
    // The party the policy names (the department's 分管院领导, or the 院长), resolved as the workflow resolves it
    // when the decision comes: the person mailed is the person allowed to decide.
    recipients: async (request: NoticeOf<'extension-request'>, { petition }, { prisma }) => {
      const decider = await extensionDeciderOf(prisma, petition, request.departmentCode);
      const leader = decider.staffId ? await prisma.staffMember.findUnique({ where: { id: decider.staffId } }) : null;
      return [{ email: leader?.active ? leader.email : undefined, name: leader?.name}];
    },
    data: async (request, { petition }, recipient, key, deps) => {
      const department = await deps.prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      const document = await deps.prisma.petitionDocument.findUnique({ where: { id: request.documentId } });
      const decider = await extensionDeciderOf(deps.prisma, petition, request.departmentCode);
      return {
        number: petition.number,
        leaderName: recipient.name ?? ROLE_LABELS[decider.presidentInstead ? 'president' : decider.approvedBy],
        departmentName: department.name,
        category: categoryLabel(petition),
        days: Number((document?.body as Record<string, unknown> | null)?.days) || 0,
        reason: textField(document?.body, 'reason'),
        currentDueAt: petition.dueAt ?? undefined,
        // The link decides this request only: its reference is checked when the form is submitted.
        actionUrl: decider.staffId
          ? await actionUrl(deps, { subject: `staff:${decider.staffId}`, purpose: 'decideExtension', dueAt: petition.dueAt, reference: request.documentId, idempotencyKey: key }, petition)
          : undefined,
        hospitalName: deps.settings.hospitalName,
        issuedAt: deps.clock.now(),
      };
    },
  }),
  'extension-decision': entry('extension-decision', {
    template: renderExtensionDecision,
    recipients: async (request: NoticeOf<'extension-decision'>, _subject, { prisma }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return [{ email: department.email, name: department.name }];
    },
    data: async (request, { petition }, _recipient, _key, { prisma, clock, settings }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      const asked = await prisma.petitionDocument.findUnique({ where: { id: request.requestDocumentId } });
      const note = request.decisionDocumentId ? await prisma.petitionDocument.findUnique({ where: { id: request.decisionDocumentId } }) : null;
      const decision = await prisma.petitionEvent.findFirst({
        where: { petitionId: petition.id, type: { in: ['extension_approved', 'extension_refused'] }, payload: { path: ['requestDocumentId'], equals: request.requestDocumentId } },
        orderBy: { occurredAt: 'desc' },
      });
      const deciderId = decision?.actor.startsWith('staff:') ? decision.actor.slice('staff:'.length) : undefined;
      const decider = deciderId ? await prisma.staffMember.findUnique({ where: { id: deciderId } }) : null;
      return {
        number: petition.number,
        departmentName: department.name,
        days: Number((asked?.body as Record<string, unknown> | null)?.days) || 0,
        approved: request.approved,
        lapsed: request.lapsed ?? false,
        dueAt: request.dueAt ? new Date(request.dueAt) : undefined,
        decidedBy: decider ? `${roleLabel(decider.role)}${decider.name}` : '院领导',
        note: textField(note?.body, 'note') || undefined,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'deadline-recalculated': entry('deadline-recalculated', {
    template: renderDeadlineRecalculatedForDepartment,
    recipients: async (request: NoticeOf<'deadline-recalculated'>, _subject, { prisma }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return [{ email: department.email, name: department.name }];
    },
    data: async (request, { petition }, _recipient, _key, { prisma, clock, settings }) => {
      const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
      return recalculatedData(request, petition, department.name, settings.hospitalName, clock.now());
    },
  }),
  'deadline-recalculated-petitioner': entry('deadline-recalculated-petitioner', {
    template: renderDeadlineRecalculatedForPetitioner,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'deadline-recalculated-petitioner'>, { petition, petitioner }, _recipient, _key, { clock, settings }) =>
      recalculatedData(request, petition, petitioner?.name?.trim() || '信访人', settings.hospitalName, clock.now()),
  }),
  'clock-paused': entry('clock-paused', {
    template: renderClockPaused,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'clock-paused'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      const ground = await pauseGroundOf(prisma, petition, request.ground);
      const document = await prisma.petitionDocument.findUnique({ where: { id: request.documentId } });
      return {
        number: petition.number,
        petitionerName: petitioner?.name ?? undefined,
        groundLabel: ground.label,
        rule: ground.rule,
        materials: textField(document?.body, 'materials'),
        endsAt: new Date(request.endsAt),
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'clock-resumed': entry('clock-resumed', {
    template: renderClockResumed,
    recipients: toPetitioner,
    data: async (request: NoticeOf<'clock-resumed'>, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => ({
      number: petition.number,
      petitionerName: petitioner?.name ?? undefined,
      groundLabel: (await pauseGroundOf(prisma, petition, request.ground)).label,
      ...(request.dueAt ? { dueAt: new Date(request.dueAt) } : {}),
      deadlineLabel: isKeyOf(deadlineKindLabels, request.deadlineKind) ? deadlineKindLabels[request.deadlineKind] : '期限',
      automatic: request.automatic,
      hospitalName: settings.hospitalName,
      issuedAt: clock.now(),
    }),
  }),
  'authority-report': entry('authority-report', {
    template: renderAuthorityReport,
    recipients: async (request: NoticeOf<'authority-report'>, _subject, { settings }) => {
      const authority = authorityOf(settings, request.authority);
      return [{ email: authority.email, name: authority.name }];
    },
    data: async (request, { petition, petitioner }, _recipient, _key, { prisma, clock, settings }) => {
      // The approved 处理意见书 (the review path), else the department's reply; the outcome as recorded at 反馈.
      const letter = (await latestDocument(prisma, petition.id, 'reply_letter')) ?? (await latestDocument(prisma, petition.id, 'reply'));
      // A declined matter: the report states the decision and where the petitioner was directed.
      const decline = petition.status === 'declined' ? await latestDocument(prisma, petition.id, 'decline') : null;
      const fedBack = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'fed_back' }, orderBy: { occurredAt: 'desc' } });
      const registered = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'registered' } });
      const matterDueAt = textField((registered?.payload as Record<string, unknown> | null)?.handedDown, 'dueAt');
      const satisfaction = textField(fedBack?.payload, 'satisfaction');
      const method = textField(fedBack?.payload, 'deliveryMethod');
      const department = petition.leadDepartment ? await prisma.department.findUnique({ where: { code: petition.leadDepartment } }) : null;
      return {
        number: petition.number,
        authorityName: authorityOf(settings, request.authority).name,
        referenceNumber: request.referenceNumber,
        reportDueAt: new Date(request.dueAt),
        matterDueAt: matterDueAt ? new Date(matterDueAt) : undefined,
        channel: channelLabel(petition),
        category: categoryLabel(petition),
        receivedAt: petition.receivedAt,
        departmentName: department?.name ?? petition.leadDepartment ?? '',
        declined: decline !== null,
        opinion: decline ? `不予受理：${textField(decline.body, 'reason')}` : textField(letter?.body, 'opinion'),
        result: decline ? textField(decline.body, 'redirectTo') : textField(letter?.body, 'result'),
        satisfaction: isKeyOf(satisfactionLevels, satisfaction) ? satisfactionLevels[satisfaction] : satisfactionLevels.unknown,
        delivery: isKeyOf(deliveryMethods, method) ? `${deliveryMethods[method]}（${textField(fedBack?.payload, 'deliveredOn')}）` : undefined,
        petitionerName: petitioner?.name,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'authority-report-reminder': entry('authority-report-reminder', {
    template: renderAuthorityReportReminder,
    recipients: toIntakeOfficers,
    data: async (request, { petition }, recipient, _key, { clock, settings }) => ({
      number: petition.number,
      recipientName: recipient.name,
      authorityName: authorityOf(settings, request.authority).name,
      referenceNumber: request.referenceNumber,
      reportDueAt: new Date(request.dueAt),
      stepLabel: request.stepLabel,
      status: isKeyOf(statuses, petition.status) ? statuses[petition.status] : petition.status,
      hospitalName: settings.hospitalName,
      issuedAt: clock.now(),
    }),
  }),
  'office-reminder': entry('office-reminder', {
    template: renderOfficeReminder,
    recipients: toIntakeOfficers,
    data: async (request, { petition }, recipient, _key, { prisma, clock, settings }) => {
      const policy = await pinnedPolicy(prisma, petition);
      const limit = request.deadlineKind === 'acceptance' || request.deadlineKind === 'acknowledgement' ? policy.limits[request.deadlineKind] : undefined;
      return {
        number: petition.number,
        recipientName: recipient.name,
        deadlineLabel: deadlineLabel({ kind: request.deadlineKind, basis: limit?.basis ?? 'internal' }),
        rule: limit ? limitRuleText(policy, limit) : '本院规定',
        dueAt: new Date(request.dueAt),
        status: isKeyOf(statuses, petition.status) ? statuses[petition.status] : petition.status,
        consoleUrl: `${settings.publicBaseUrl}/console/petitions/${petition.number}`,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'review-case-file': entry('review-case-file', {
    template: renderReviewCaseFile,
    recipients: async (request: NoticeOf<'review-case-file'>, _subject, { settings }) => {
      const authority = reviewAuthorityOf(settings, request.stage, request.authority);
      return [{ email: authority.email, name: authority.name }];
    },
    data: async (request, { petition, petitioner }, _recipient, key, deps) => {
      const { prisma, clock, settings } = deps;
      const authority = reviewAuthorityOf(settings, request.stage, request.authority);
      // For 复核 the case file carries the 复查意见; for 复查 the 处理意见书 as approved (else the department's reply).
      const answer = request.stage === 'reexamination' ? await latestDocument(prisma, petition.id, 'review_answer') : null;
      const letter = (await latestDocument(prisma, petition.id, 'reply_letter')) ?? (await latestDocument(prisma, petition.id, 'reply'));
      const asked = await latestDocument(prisma, petition.id, 'review_request');
      const note = await latestDocument(prisma, petition.id, 'review_file_note');
      const requested = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'review_requested' }, orderBy: { occurredAt: 'desc' } });
      const fedBack = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'fed_back' }, orderBy: { occurredAt: 'desc' } });
      const method = textField(fedBack?.payload, 'deliveryMethod');
      const department = petition.leadDepartment ? await prisma.department.findUnique({ where: { code: petition.leadDepartment } }) : null;
      const stageTitle = reviewStageTitle(request.stage);
      return {
        number: petition.number,
        authorityName: authority.name,
        stageTitle,
        category: categoryLabel(petition),
        channel: channelLabel(petition),
        receivedAt: petition.receivedAt,
        matter: petition.content,
        departmentName: department?.name ?? petition.leadDepartment ?? '',
        opinion: answer ? `${stageTitle === '复核' ? '复查意见：' : ''}${textField(answer.body, 'opinion')}` : textField(letter?.body, 'opinion'),
        result: answer ? '' : textField(letter?.body, 'result'),
        delivery: isKeyOf(deliveryMethods, method) ? `${deliveryMethods[method]}（${textField(fedBack?.payload, 'deliveredOn')}）` : undefined,
        requestReceivedOn: textField(requested?.payload, 'receivedOn') || undefined,
        request: textField(asked?.body, 'reason'),
        note: textField(note?.body, 'note') || undefined,
        dueAt: request.dueAt ? new Date(request.dueAt) : undefined,
        // The authority's page: it records its receipt date and its answer (services/links).
        actionUrl: authority.code ? await actionUrl(deps, { subject: `authority:${authority.code}`, purpose: 'answerReview', dueAt: request.dueAt, idempotencyKey: key }, petition) : undefined,
        petitionerName: petitioner?.name,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'acceptance-notice-reminder': entry('acceptance-notice-reminder', {
    template: renderAcceptanceNoticeReminder,
    recipients: toIntakeOfficers,
    data: async (request, { petition }, recipient, _key, { prisma, clock, settings }) => {
      const policy = await pinnedPolicy(prisma, petition);
      const limit = policy.limits.acceptanceNotice;
      return {
        number: petition.number,
        recipientName: recipient.name,
        receivedAt: petition.receivedAt,
        dueAt: new Date(request.dueAt),
        stepLabel: request.stepLabel,
        rule: limit ? limitRuleText(policy, limit) : policy.shortTitle,
        consoleUrl: `${settings.publicBaseUrl}/console/petitions/${petition.number}`,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  'authority-review-reminder': entry('authority-review-reminder', {
    template: renderAuthorityReviewReminder,
    // The 信访办 (never the president: answering is the authority's duty).
    recipients: toIntakeOfficers,
    data: async (request, { petition }, recipient, _key, { prisma, clock, settings }) => {
      const receipt = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'review_receipt_recorded' }, orderBy: { occurredAt: 'desc' } });
      return {
        number: petition.number,
        recipientName: recipient.name,
        authorityName: reviewAuthorityOf(settings, request.stage, request.authority).name,
        stageTitle: reviewStageTitle(request.stage),
        dueAt: new Date(request.dueAt),
        stepLabel: request.stepLabel,
        receivedOn: textField(receipt?.payload, 'receivedOn') || undefined,
        hospitalName: settings.hospitalName,
        issuedAt: clock.now(),
      };
    },
  }),
  reminder: ladderEntry('reminder'),
  escalation: ladderEntry('escalation'),
  leadershipAlert: entry('leadershipAlert', {
    template: renderLeadershipAlert,
    recipients: async (_request: NoticeOf<'leadershipAlert'>, _subject, { prisma }) => {
      const leaders = await prisma.staffMember.findMany({ where: { role: { in: ['leader', 'president'] }, active: true }, orderBy: { id: 'asc' } });
      return leaders.map((leader) => ({ email: leader.email, name: leader.name, keySuffix: `:${leader.id}` }));
    },
    data: async (request, { petition }, recipient, _key, { clock, settings }) => ({
      number: petition.number,
      recipientName: recipient.name,
      reasons: request.reasons.map(alertReasonLabel),
      channel: channelLabel(petition),
      category: categoryLabel(petition),
      peopleCount: petition.peopleCount,
      receivedAt: petition.receivedAt,
      hospitalName: settings.hospitalName,
      issuedAt: clock.now(),
    }),
  }),
};
