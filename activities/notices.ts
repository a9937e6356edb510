import type { PrismaClient } from '../generated/prisma/client';
import { categories, channels, isCategory, isChannel } from '../workflows/domain/catalog';
import type { Clock } from './index';
import type { Mailer } from './mail/mailer';
import { render as renderAcceptance } from './mail/templates/acceptance-notice';
import { render as renderAssignment } from './mail/templates/assignment-slip';
import { render as renderDecline } from './mail/templates/decline-notice';
import { render as renderReply } from './mail/templates/reply-letter';
import type { NoticeOf, NoticeOutcome, NoticeRequest } from './types';
import { policyTitle, expectedReplyBy } from './policy-text';
import { renderExtensionRequest } from './links-extension-mail';
import { createDeadlineNoticeActivities } from './deadline-notices';
import type { LinkService } from '../services/links/link-service';

export interface NoticeSettings {
  hospitalName: string;
  /** Where people reach the system from outside (mail links), e.g. https://xinfang.example-hospital.cn */
  publicBaseUrl: string;
}

interface Rendered {
  to: string | undefined;
  subject: string;
  text: string;
  html: string;
}

function textField(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : '';
}

export function createNoticeActivities({
  prisma,
  mailer,
  clock,
  settings,
  links,
}: {
  prisma: PrismaClient;
  mailer: Mailer;
  clock: Clock;
  settings: NoticeSettings;
  /** Signs the action links in department and leader mails; without it mails carry no link. */
  links?: LinkService;
}) {
  async function actionUrl(request: IntakeNotice, subject: string, purpose: 'handle' | 'decideExtension', dueAt: Date | null, reference?: string) {
    if (!links) return undefined;
    const link = await links.issueLink({ petitionId: request.petitionId, number: request.number, subject, purpose, dueAt, reference, idempotencyKey: request.idempotencyKey });
    return link.url;
  }

  async function latestDocument(petitionId: string, kind: string) {
    return prisma.petitionDocument.findFirst({
      where: { petitionId, kind, accepted: true },
      orderBy: { createdAt: 'desc' },
    });
  }

  type IntakeNotice = NoticeOf<'acceptance' | 'decline' | 'assignment' | 'extension-request' | 'reply'>;
  const deadlineNotices = createDeadlineNoticeActivities({ prisma, mailer, clock, settings });

  async function render(request: IntakeNotice): Promise<Rendered> {
    const petition = await prisma.petition.findUniqueOrThrow({
      where: { id: request.petitionId },
      include: { petitioner: true },
    });
    const petitioner = petition.anonymous ? null : petition.petitioner;
    const petitionerName = petitioner?.name ?? undefined;
    const hospitalName = settings.hospitalName;
    switch (request.kind) {
      case 'acceptance': {
        const events = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'accepted' } });
        const acceptedAt = events?.occurredAt ?? clock.now();
        return {
          to: petitioner?.email ?? undefined,
          ...renderAcceptance({
            number: petition.number,
            petitionerName,
            receivedAt: petition.receivedAt,
            acceptedAt,
            expectedReplyBy: request.expectedBy ? new Date(request.expectedBy) : expectedReplyBy(petition.policyId, acceptedAt),
            policyTitle: policyTitle(petition.policyId),
            queryCode: petition.queryCode,
            lookupUrl: `${settings.publicBaseUrl}/lookup`,
            hospitalName,
          }),
        };
      }
      case 'decline': {
        const reason = await latestDocument(petition.id, 'decline');
        return {
          to: petitioner?.email ?? undefined,
          ...renderDecline({
            number: petition.number,
            petitionerName,
            reason: textField(reason?.body, 'reason'),
            redirectTo: textField(reason?.body, 'redirectTo'),
            decidedAt: reason?.createdAt ?? clock.now(),
            hospitalName,
          }),
        };
      }
      case 'assignment': {
        const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
        const consented = petition.petitioner?.consentToDisclose === true && !petition.anonymous;
        return {
          to: department.email,
          ...renderAssignment({
            number: petition.number,
            departmentName: department.name,
            role: request.departmentRole ?? 'lead',
            category: isCategory(petition.category) ? categories[petition.category].label : petition.category,
            channel: isChannel(petition.channel) ? channels[petition.channel] : petition.channel,
            matter: petition.content,
            complainedAbout: Array.isArray(petition.complainedAbout) ? petition.complainedAbout.map(String) : [],
            dueAt: petition.dueAt ?? clock.now(),
            assignedAt: clock.now(),
            actionUrl: await actionUrl(request, `dept:${department.code}`, 'handle', petition.dueAt),
            hospitalName,
            petitioner: consented
              ? {
                  name: petition.petitioner?.name ?? undefined,
                  phone: petition.petitioner?.phone ?? undefined,
                  email: petition.petitioner?.email ?? undefined,
                }
              : undefined,
          }),
        };
      }
      case 'extension-request': {
        const department = await prisma.department.findUniqueOrThrow({ where: { code: request.departmentCode } });
        const leader = department.leaderInCharge ? await prisma.staffMember.findUnique({ where: { id: department.leaderInCharge } }) : null;
        const requestDocument = request.documentId ? await prisma.petitionDocument.findUnique({ where: { id: request.documentId } }) : null;
        const days = Number((requestDocument?.body as Record<string, unknown> | null)?.days) || 0;
        return {
          to: leader?.active ? leader.email : undefined,
          ...renderExtensionRequest({
            number: petition.number,
            leaderName: leader?.name ?? '分管院领导',
            departmentName: department.name,
            category: isCategory(petition.category) ? categories[petition.category].label : petition.category,
            days,
            reason: textField(requestDocument?.body, 'reason'),
            currentDueAt: petition.dueAt ?? undefined,
            actionUrl: leader ? await actionUrl(request, `staff:${leader.id}`, 'decideExtension', petition.dueAt, request.documentId) : undefined,
            hospitalName,
            issuedAt: clock.now(),
          }),
        };
      }
      case 'reply': {
        const reply = await latestDocument(petition.id, 'reply');
        const department = petition.leadDepartment
          ? await prisma.department.findUnique({ where: { code: petition.leadDepartment } })
          : null;
        return {
          to: petitioner?.email ?? undefined,
          ...renderReply({
            number: petition.number,
            petitionerName,
            investigation: textField(reply?.body, 'investigation'),
            findings: textField(reply?.body, 'findings'),
            opinion: textField(reply?.body, 'opinion'),
            result: textField(reply?.body, 'result'),
            departmentName: department?.name ?? petition.leadDepartment ?? '',
            repliedAt: reply?.createdAt ?? clock.now(),
            hospitalName,
          }),
        };
      }
    }
  }

  /**
   * Sends one notice at most once: the Notification row keyed by the request's idempotency key records the send,
   * and the Message-ID derived from the same key lets a receiving server drop the rare resend after a crash.
   */
  async function sendNotice(request: NoticeRequest): Promise<NoticeOutcome> {
    switch (request.kind) {
      case 'reminder':
      case 'escalation':
      case 'extension':
      case 'leadershipAlert':
        return deadlineNotices.sendDeadlineNotice(request);
    }
    const existing = await prisma.notification.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing?.status === 'sent') return 'already-sent';
    if (existing?.status === 'no-recipient') return 'no-recipient';
    const mail = await render(request);
    const row =
      existing ??
      (await prisma.notification.create({
        data: {
          idempotencyKey: request.idempotencyKey,
          petitionId: request.petitionId,
          template: request.kind,
          recipient: mail.to ?? '',
          subject: mail.subject,
          status: mail.to ? 'pending' : 'no-recipient',
        },
      }));
    if (!mail.to) return 'no-recipient';
    await prisma.notification.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    const { messageId } = await mailer.send({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      idempotencyKey: request.idempotencyKey,
    });
    await prisma.notification.update({
      where: { id: row.id },
      data: { status: 'sent', messageId, sentAt: clock.now() },
    });
    return 'sent';
  }

  return { sendNotice };
}
