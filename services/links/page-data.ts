import type { PrismaClient } from '../../generated/prisma/client';
import { categories, channels, isCategory, isChannel, statuses, type PetitionStatus } from '../../workflows/domain/catalog';
import { deadlineStatusText } from '../../workflows/domain/overdue';
import type { PetitionState } from '../../workflows/petition/messages';
import { extensionLimitOf } from '../petitions/extension-limit';
import { pinnedPolicy } from '../../activities/policy-text';
import type { LinkService, LinkRow } from './link-service';
import type { AuthorityPageData, DepartmentPageData, LeaderPageData, SubmittedReply, SubmittedReplyStatus } from './link-pages';
import { reviewingAuthority, reviewStageTitle, type ReviewingAuthority } from '../../workflows/domain/authority-review';

/** Turns the record store's petition and the workflow's state into what a link page shows, and nothing more. */

type PetitionWithPetitioner = NonNullable<Awaited<ReturnType<typeof loadPetition>>>;

export function loadPetition(prisma: PrismaClient, petitionId: string) {
  return prisma.petition.findUnique({ where: { id: petitionId }, include: { petitioner: true } });
}

function categoryLabel(code: string): string {
  return isCategory(code) ? categories[code].label : code;
}

/** 保守信访秘密: the person is shown only with the petitioner's consent, and never for an anonymous petition. */
function consentedContact(petition: PetitionWithPetitioner) {
  const petitioner = petition.petitioner;
  if (petition.anonymous || !petitioner?.consentToDisclose) return undefined;
  return { name: petitioner.name, phone: petitioner.phone, email: petitioner.email };
}

/**
 * The department's handling deadline once it no longer runs (met with the reply, cancelled): its status in the one
 * model's words (按期完成 / 逾期完成 …), shown instead of a time left that no longer counts.
 */
function finishedHandling(state: PetitionState, code: string, now: Date): { dueAt: Date; status: string } | undefined {
  const records = (state.deadlines ?? []).filter((record) => record.kind === 'handling' && record.department === code);
  if (records.length === 0 || records.some((record) => record.status === 'open' || record.status === 'overdue')) return undefined;
  const last = records.at(-1)!;
  const acted = { acknowledged: new Set(Object.keys(state.acknowledgements ?? {})), lead: state.leadDepartment };
  return { dueAt: new Date(last.dueAt), status: deadlineStatusText(last, now, acted) };
}

function departmentDueAt(state: PetitionState, code: string): Date | undefined {
  const running = (state.deadlines ?? []).find(
    (record) => record.kind === 'handling' && record.department === code && (record.status === 'open' || record.status === 'overdue'),
  );
  if (running) return new Date(running.dueAt);
  return code === state.leadDepartment && state.dueAt ? new Date(state.dueAt) : undefined;
}

export async function departmentPageData(
  context: { prisma: PrismaClient; links: LinkService; hospitalName: string; now: Date },
  page: LinkRow,
  petition: PetitionWithPetitioner,
  state: PetitionState,
  options: { readOnly?: boolean } = {},
): Promise<DepartmentPageData> {
  const code = page.subject.slice('dept:'.length);
  const department = await context.prisma.department.findUnique({ where: { code } });
  const lead = state.leadDepartment === code;
  const involved = lead || state.cooperatingDepartments.includes(code);
  // A read-only page (a link closed before replies kept it open) mints no form tokens.
  const active = involved && state.status === 'assigned' && !options.readOnly;
  const acknowledged = state.acknowledgements?.[code];
  const forms: DepartmentPageData['forms'] = {};
  if (active && !acknowledged) forms.acknowledge = await context.links.formToken(page, 'acknowledge');
  if (active && lead) forms.reply = await context.links.formToken(page, 'reply');
  if (active && !state.pendingExtension) forms.requestExtension = await context.links.formToken(page, 'requestExtension');
  if (active && lead) forms.returnCase = await context.links.formToken(page, 'returnCase');
  const status = state.status as PetitionStatus;
  const returned = forms.reply && state.replyReview?.status === 'returned' ? await returnedReply(context.prisma, petition.id, state.replyReview.replyDocumentId) : undefined;
  const submitted = lead && !forms.reply ? await submittedReply(context.prisma, petition.id, state) : undefined;
  return {
    hospitalName: context.hospitalName,
    number: petition.number,
    departmentName: department?.name ?? code,
    role: lead ? 'lead' : 'cooperating',
    category: categoryLabel(petition.category),
    channel: isChannel(petition.channel) ? channels[petition.channel] : petition.channel,
    matter: petition.content,
    complainedAbout: Array.isArray(petition.complainedAbout) ? petition.complainedAbout.map(String) : [],
    statusLabel: involved ? (statuses[status] ?? status) : '已不由贵部门承办（已退回或改派）',
    ...(involved ? dueFacts(state, code, context.now) : {}),
    now: context.now,
    acknowledgedAt: acknowledged ? new Date(acknowledged) : undefined,
    pendingExtensionDays: state.pendingExtension?.department === code ? state.pendingExtension.days : undefined,
    extensionLimit: forms.requestExtension ? extensionLimitOf(await pinnedPolicy(context.prisma, petition).catch(() => undefined), state, code) : undefined,
    petitioner: consentedContact(petition),
    returned,
    submitted,
    forms,
  };
}

const replyFields = ['investigation', 'findings', 'opinion', 'result'] as const;

/**
 * The lead department's reply as it submitted it (its own text, never the 信访办's edited letter) and where the review
 * stands: the reply under review (state.replyReview), or, for a petition replied before the review step, its latest
 * reply. None while the department has not replied.
 */
async function submittedReply(prisma: PrismaClient, petitionId: string, state: PetitionState): Promise<SubmittedReply | undefined> {
  const review = state.replyReview;
  const replied = (state.timeline ?? []).some((entry) => entry.type === 'replied');
  if (!review && !replied) return undefined;
  const document = review
    ? await prisma.petitionDocument.findFirst({ where: { id: review.replyDocumentId, petitionId } })
    : await prisma.petitionDocument.findFirst({ where: { petitionId, kind: 'reply', accepted: true }, orderBy: { createdAt: 'desc' } });
  if (!document) return undefined;
  const fields = Object.fromEntries(replyFields.map((field) => [field, textField(document.body, field) ?? ''])) as SubmittedReply['fields'];
  const status: SubmittedReplyStatus = review ? review.status : 'answered';
  const note = status === 'returned' ? await prisma.petitionDocument.findFirst({ where: { petitionId, kind: 'reply_return', accepted: true }, orderBy: { createdAt: 'desc' } }) : null;
  return {
    at: document.createdAt,
    status,
    ...(review?.approvedAt && status === 'approved' ? { approvedAt: new Date(review.approvedAt) } : {}),
    ...(note ? { returnNote: textField(note.body, 'note') ?? '' } : {}),
    fields,
  };
}

function dueFacts(state: PetitionState, code: string, now: Date): Pick<DepartmentPageData, 'dueAt' | 'dueStatus'> {
  const finished = finishedHandling(state, code, now);
  return finished ? { dueAt: finished.dueAt, dueStatus: finished.status } : { dueAt: departmentDueAt(state, code) };
}

/** The 信访办's note on the reply it returned, and that reply (review before answer): the lead department revises it. */
async function returnedReply(prisma: PrismaClient, petitionId: string, replyDocumentId: string): Promise<DepartmentPageData['returned']> {
  const [note, reply] = await Promise.all([
    prisma.petitionDocument.findFirst({ where: { petitionId, kind: 'reply_return', accepted: true }, orderBy: { createdAt: 'desc' } }),
    prisma.petitionDocument.findFirst({ where: { id: replyDocumentId, petitionId } }),
  ]);
  if (!note) return undefined;
  const body = (reply?.body ?? {}) as Record<string, unknown>;
  const fields = Object.fromEntries(replyFields.map((field) => [field, textField(body, field) ?? '']));
  return { note: textField(note.body, 'note') ?? '', at: note.createdAt, reply: fields };
}

function textField(body: unknown, field: string): string | undefined {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : undefined;
}

export async function leaderPageData(
  context: { prisma: PrismaClient; links: LinkService; hospitalName: string; now: Date },
  page: LinkRow,
  token: string,
  petition: PetitionWithPetitioner,
  state: PetitionState,
): Promise<LeaderPageData> {
  const pending = state.pendingExtension;
  // A leader's link decides the one request it was mailed for (checked again when the form is submitted); a later
  // request comes with a link of its own.
  const decidable = pending !== undefined && page.reference === pending.documentId;
  const documentId = page.reference ?? pending?.documentId;
  const request = documentId ? await context.prisma.petitionDocument.findUnique({ where: { id: documentId } }) : null;
  const departmentCode = pending?.department ?? (request?.author.startsWith('dept:') ? request.author.slice(5) : undefined);
  const department = departmentCode ? await context.prisma.department.findUnique({ where: { code: departmentCode } }) : null;
  const leader = await context.prisma.staffMember.findUnique({ where: { id: page.subject.replace(/^staff:/, '') } });
  const days = decidable ? pending.days : Number((request?.body as Record<string, unknown> | null)?.days) || undefined;
  return {
    hospitalName: context.hospitalName,
    number: petition.number,
    leaderName: leader?.name ?? '院领导',
    departmentName: department?.name ?? departmentCode ?? '—',
    category: categoryLabel(petition.category),
    matter: petition.content,
    days,
    reason: textField(request?.body, 'reason'),
    dueAt: departmentCode ? departmentDueAt(state, departmentCode) : undefined,
    now: context.now,
    formToken: decidable ? token : undefined,
  };
}

/**
 * The authority's page (复查 / 复核 by the authority above): the review its link was mailed for is the last one
 * requested; its forms while it is pending with the authority (the receipt only until it is recorded).
 */
export async function authorityPageData(
  context: { prisma: PrismaClient; links: LinkService; hospitalName: string; now: Date; authorities?: readonly ReviewingAuthority[] },
  page: LinkRow,
  petition: PetitionWithPetitioner,
  state: PetitionState,
): Promise<AuthorityPageData> {
  const code = page.subject.slice('authority:'.length);
  const review = state.reviews?.at(-1);
  const stage = review?.stage ?? 'recheck';
  const pending = review?.addressedTo === 'authority' && !review.answeredAt && (review.authority === undefined || review.authority === code);
  const forms: AuthorityPageData['forms'] = {};
  if (pending && !review.authorityReceivedOn) forms.recordReviewReceipt = await context.links.formToken(page, 'recordReviewReceipt');
  if (pending) forms.answerReview = await context.links.formToken(page, 'answerReview');
  const latest = (kind: string) => context.prisma.petitionDocument.findFirst({ where: { petitionId: petition.id, kind, accepted: true }, orderBy: { createdAt: 'desc' } });
  const previousAnswer = stage === 'reexamination' ? await latest('review_answer') : null;
  const letter = (await latest('reply_letter')) ?? (await latest('reply'));
  const asked = await latest('review_request');
  const due = (state.deadlines ?? []).find((d) => d.id === `authorityReview:${stage}`);
  return {
    hospitalName: context.hospitalName,
    number: petition.number,
    authorityName: reviewingAuthority(context.authorities, stage, code)?.name ?? code,
    stageTitle: reviewStageTitle(stage),
    category: categoryLabel(petition.category),
    matter: petition.content,
    opinion: previousAnswer ? `复查意见：${textField(previousAnswer.body, 'opinion') ?? ''}` : textField(letter?.body, 'opinion') ?? '',
    result: previousAnswer ? '' : textField(letter?.body, 'result') ?? '',
    request: textField(asked?.body, 'reason') ?? '',
    requestReceivedOn: review?.receivedOn,
    authorityReceivedOn: review?.authorityReceivedOn,
    dueAt: due ? new Date(due.dueAt) : undefined,
    hearingSince: review?.hearing ? new Date(review.hearing.since) : undefined,
    now: context.now,
    petitioner: consentedContact(petition),
    answered: Boolean(review?.answeredAt),
    forms,
  };
}
