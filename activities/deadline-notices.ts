import type { PrismaClient } from '../generated/prisma/client';
import { categories, channels, isCategory, isChannel } from '../workflows/domain/catalog';
import { loadPolicy } from '../workflows/deadlines';
import type { NoticeOf, NoticeOutcome } from './types';
import type { Clock } from './index';
import type { Mailer } from './mail/mailer';
import { render as renderEscalation } from './mail/templates/escalation';
import { render as renderExtension } from './mail/templates/extension-notice';
import { render as renderLeadershipAlert } from './mail/templates/leadership-alert';
import type { RenderedMail } from './mail/templates/letter';
import { render as renderReminder } from './mail/templates/reminder';
import type { NoticeSettings } from './notices';

type DeadlineNoticeRequest = NoticeOf<'reminder' | 'escalation' | 'extension' | 'leadershipAlert'>;

const ALERT_LABELS: Record<string, string> = { collective: '集体访', repeat: '重复访', levelSkipping: '越级访' };

interface Recipient {
  email: string | undefined;
  name?: string;
}

function describeOverdue(ms: number): string | undefined {
  if (ms < 60_000) return undefined;
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days}日`;
  return `${Math.max(1, Math.floor(ms / 3_600_000))}小时`;
}

/** Reminders, escalations, extension notices and leadership alerts; each mail at most once per idempotency key. */
export function createDeadlineNoticeActivities({
  prisma,
  mailer,
  clock,
  settings,
}: {
  prisma: PrismaClient;
  mailer: Mailer;
  clock: Clock;
  settings: NoticeSettings;
}) {
  /** The Notification row keyed by the idempotency key records the send, as sendNotice does. */
  async function sendOnce(key: string, petitionId: string, template: string, to: string | undefined, mail: RenderedMail) {
    const existing = await prisma.notification.findUnique({ where: { idempotencyKey: key } });
    if (existing?.status === 'sent') return 'already-sent' as const;
    if (existing?.status === 'no-recipient' || (!existing && !to)) {
      if (!existing) {
        await prisma.notification.create({
          data: { idempotencyKey: key, petitionId, template, recipient: '', subject: mail.subject, status: 'no-recipient' },
        });
      }
      return 'no-recipient' as const;
    }
    const row =
      existing ??
      (await prisma.notification.create({
        data: { idempotencyKey: key, petitionId, template, recipient: to!, subject: mail.subject, status: 'pending' },
      }));
    await prisma.notification.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    const { messageId } = await mailer.send({ to: row.recipient, subject: mail.subject, text: mail.text, html: mail.html, idempotencyKey: key });
    await prisma.notification.update({ where: { id: row.id }, data: { status: 'sent', messageId, sentAt: clock.now() } });
    return 'sent' as const;
  }

  async function staffRecipient(where: { id?: string; role?: string }): Promise<Recipient> {
    const member = await prisma.staffMember.findFirst({ where: { ...where, active: true }, orderBy: { id: 'asc' } });
    return { email: member?.email, name: member?.name };
  }

  async function ladderRecipient(departmentCode: string, role: string): Promise<Recipient & { departmentName: string }> {
    const department = await prisma.department.findUniqueOrThrow({ where: { code: departmentCode } });
    const departmentName = department.name;
    switch (role) {
      case 'handler':
        return { email: department.email, departmentName };
      case 'departmentHead':
        return { email: department.headEmail ?? department.email, name: department.headName ?? undefined, departmentName };
      case 'leaderInCharge':
        return { ...(department.leaderInCharge ? await staffRecipient({ id: department.leaderInCharge }) : { email: undefined }), departmentName };
      default:
        return { ...(await staffRecipient({ role: 'president' })), departmentName };
    }
  }

  async function sendDeadlineNotice(request: DeadlineNoticeRequest): Promise<NoticeOutcome> {
    const outcome = { sent: 0, alreadySent: 0, noRecipient: 0 };
    const count = (result: 'sent' | 'already-sent' | 'no-recipient') => {
      if (result === 'sent') outcome.sent++;
      else if (result === 'already-sent') outcome.alreadySent++;
      else outcome.noRecipient++;
    };
    const hospitalName = settings.hospitalName;
    const issuedAt = clock.now();
    switch (request.kind) {
      case 'reminder':
      case 'escalation': {
        const recipient = await ladderRecipient(request.departmentCode, request.role);
        const dueAt = new Date(request.dueAt);
        const data = {
          number: request.number,
          recipientName: recipient.name,
          recipientRole: request.role,
          departmentName: recipient.departmentName,
          dueAt,
          overdueBy: describeOverdue(issuedAt.getTime() - dueAt.getTime()),
          stepLabel: request.stepLabel,
          hospitalName,
          issuedAt,
        };
        const mail = request.kind === 'reminder' ? renderReminder(data) : renderEscalation(data);
        count(await sendOnce(request.idempotencyKey, request.petitionId, request.kind, recipient.email, mail));
        break;
      }
      case 'extension': {
        const petition = await prisma.petition.findUniqueOrThrow({ where: { id: request.petitionId }, include: { petitioner: true } });
        const reason = await prisma.petitionDocument.findUnique({ where: { id: request.reasonDocumentId } });
        const body = (reason?.body ?? {}) as Record<string, unknown>;
        const petitioner = petition.anonymous ? null : petition.petitioner;
        const mail = renderExtension({
          number: petition.number,
          petitionerName: petitioner?.name ?? undefined,
          newDueAt: new Date(request.dueAt),
          reason: typeof body.reason === 'string' ? body.reason : '',
          policyLabel: loadPolicy(petition.policyId).extension?.label ?? '',
          hospitalName,
          issuedAt,
        });
        count(await sendOnce(request.idempotencyKey, request.petitionId, 'extension', petitioner?.email ?? undefined, mail));
        break;
      }
      case 'leadershipAlert': {
        const petition = await prisma.petition.findUniqueOrThrow({ where: { id: request.petitionId } });
        const leaders = await prisma.staffMember.findMany({ where: { role: { in: ['leader', 'president'] }, active: true }, orderBy: { id: 'asc' } });
        for (const leader of leaders) {
          const mail = renderLeadershipAlert({
            number: petition.number,
            recipientName: leader.name,
            reasons: request.reasons.map((reason) => ALERT_LABELS[reason] ?? reason),
            channel: isChannel(petition.channel) ? channels[petition.channel] : petition.channel,
            category: isCategory(petition.category) ? categories[petition.category].label : petition.category,
            peopleCount: petition.peopleCount,
            receivedAt: petition.receivedAt,
            hospitalName,
            issuedAt,
          });
          count(await sendOnce(`${request.idempotencyKey}:${leader.id}`, request.petitionId, 'leadershipAlert', leader.email, mail));
        }
        break;
      }
    }
    return outcome.sent > 0 ? 'sent' : outcome.alreadySent > 0 ? 'already-sent' : 'no-recipient';
  }

  return { sendDeadlineNotice };
}
