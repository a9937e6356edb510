/**
 * The writing half of the mail outbox: a staff notice becomes a pending OutboxNotice row, in the same transaction as
 * the change that raised it (recordFiring for a deadline firing) or on its own (queueNotices, for a command's notices).
 * The row's notBefore follows the quiet hours (mail/staff-notice-hours.ts); the outbox sender
 * (services/mail/outbox-sender.ts) mails it. The key is the notice's idempotency key: a retried activity queues nothing twice.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { NoticeKind } from '../workflows/domain/notices';
import type { NoticeBatch, NoticeRequest, PetitionActivities } from '../workflows/activity-contracts/petition';
import type { DeliveryTime } from './mail/staff-notice-hours';

/** When a notice of this kind raised at this instant may be mailed (composition: the hospital's hours and calendar). */
export type DeliveryRule = (kind: NoticeKind, raisedAt: Date) => DeliveryTime;

/** Every notice at once: a worker built without the hospital's hours (and STAFF_NOTICE_HOURS=always). */
export const mailAtOnce: DeliveryRule = (_kind, raisedAt) => ({ notBefore: raisedAt });

export function outboxRows(notices: readonly NoticeRequest[], raisedAt: Date, rule: DeliveryRule): Prisma.OutboxNoticeCreateManyInput[] {
  return notices.map((notice) => {
    const { notBefore, heldReason } = rule(notice.kind, raisedAt);
    return {
      idempotencyKey: notice.idempotencyKey,
      petitionId: notice.petitionId,
      kind: notice.kind,
      request: notice as unknown as Prisma.InputJsonValue,
      queuedAt: raisedAt,
      notBefore,
      nextAttemptAt: notBefore,
      heldReason: heldReason ?? null,
    };
  });
}

export function createOutboxActivities({ prisma, deliveryRule }: { prisma: PrismaClient; deliveryRule?: DeliveryRule }): Pick<PetitionActivities, 'queueNotices'> {
  async function queueNotices(batch: NoticeBatch): Promise<{ queued: number }> {
    if (batch.notices.length === 0) return { queued: 0 };
    const { count } = await prisma.outboxNotice.createMany({ data: outboxRows(batch.notices, new Date(batch.raisedAt), deliveryRule ?? mailAtOnce), skipDuplicates: true });
    return { queued: count };
  }
  return { queueNotices };
}
