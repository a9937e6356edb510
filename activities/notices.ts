/**
 * The one notice pipeline: every notice the workflow sends, whatever its kind, goes through sendNotice, which asks
 * the registry (notice-registry.ts) for its recipients and mail and sends each mail at most once.
 */
import type { NoticeKind } from '../workflows/domain/notices';
import type { Mailer } from './mail/mailer';
import type { RenderedMail } from './mail/templates/letter';
import { disclosedPetitioner, noticeRegistry, type NoticeDependencies, type Recipient, type RegisteredNotice } from './notice-registry';
import type { NoticeOutcome, NoticeRequest, PetitionActivities } from '../workflows/activity-contracts/petition';
import { untilStored } from './mail/until-stored';

export function createNoticeActivities(deps: NoticeDependencies & { mailer: Mailer }): Pick<PetitionActivities, 'sendNotice'> {
  const { prisma, mailer, clock } = deps;

  /**
   * One mail at most once: the Notification row keyed by the mail's idempotency key records the send, and the
   * Message-ID derived from the same key lets a receiving server drop the rare resend after a crash.
   */
  async function sendOnce(
    request: NoticeRequest,
    recipient: Recipient,
    compose: (key: string) => Promise<RenderedMail>,
  ): Promise<NoticeOutcome> {
    const key = `${request.idempotencyKey}${recipient.keySuffix ?? ''}`;
    const existing = await prisma.notification.findUnique({ where: { idempotencyKey: key } });
    if (existing?.status === 'sent') return 'already-sent';
    if (existing?.status === 'no-recipient') return 'no-recipient';
    const mail = await compose(key);
    const row =
      existing ??
      (await prisma.notification.create({
        data: {
          idempotencyKey: key,
          petitionId: request.petitionId,
          template: request.kind,
          recipient: recipient.email ?? '',
          subject: mail.subject,
          status: recipient.email ? 'pending' : 'no-recipient',
        },
      }));
    if (!row.recipient) return 'no-recipient';
    await prisma.notification.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    const { messageId } = await mailer.send({ to: row.recipient, subject: mail.subject, text: mail.text, html: mail.html, idempotencyKey: key });
    // The mail is out: from here a thrown error would make Temporal retry the activity and send it again, so the
    // record of the send is retried here until the database answers (PostgreSQL restarting, a pool reconnecting).
    await untilStored(() => prisma.notification.update({ where: { id: row.id }, data: { status: 'sent', messageId, sentAt: clock.now() } }));
    return 'sent';
  }

  /** Sends one notice to each of its recipients; with several, it counts as sent when any mail went out. */
  async function sendNotice(request: NoticeRequest): Promise<NoticeOutcome> {
    const notice = noticeRegistry[request.kind] as RegisteredNotice<NoticeKind>;
    const { petitioner, ...petition } = await prisma.petition.findUniqueOrThrow({ where: { id: request.petitionId }, include: { petitioner: true } });
    // The registry's audience (the domain's), not the request's copy, decides what the mail may name.
    const subject = { petition, petitioner: disclosedPetitioner(notice.audience, petition, petitioner) };
    const recipients = await notice.recipients(request, subject, deps);
    const outcomes: NoticeOutcome[] = [];
    for (const recipient of recipients.length > 0 ? recipients : [{ email: undefined }]) {
      outcomes.push(await sendOnce(request, recipient, (key) => notice.compose(request, subject, recipient, key, deps)));
    }
    return outcomes.includes('sent') ? 'sent' : outcomes.includes('already-sent') ? 'already-sent' : 'no-recipient';
  }

  return { sendNotice };
}
