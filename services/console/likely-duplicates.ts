/**
 * Before a registration is stored, the petitions it probably repeats: the same phone or ID number, or the same text,
 * received within the 重复访 window of services/petitions/alerts.ts, and at any time a matter whose 复核 is done
 * (信访工作条例 第三十五条: the same facts and reasons are not accepted again). The console shows them with "仍要登记"
 * so staff decide; registering anyway is then a repeat visit (and alerts as one), not an accidental second copy.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { REPEAT_WINDOW_DAYS } from '../petitions/alerts';

export interface LikelyDuplicate {
  number: string;
  receivedAt: Date;
  status: string;
  petitionerName: string | null;
  content: string;
  reasons: string[];
  /** The earlier matter finished 复核: the same facts and reasons are not accepted again (不再受理). */
  reviewFinished?: boolean;
}

/** What the 复核 warning says beside the earlier case. */
export const REVIEW_FINISHED_REASON = '已经复核（同一事实和理由不再受理）';

export interface DuplicateFacts {
  phone?: string;
  idNumber?: string;
  content: string;
}

export async function likelyDuplicates(prisma: PrismaClient, facts: DuplicateFacts, receivedAt: Date, limit = 5): Promise<LikelyDuplicate[]> {
  const since = new Date(receivedAt.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  const content = facts.content.trim();
  const or: object[] = [];
  if (content) or.push({ content });
  if (facts.phone) or.push({ petitioner: { phone: facts.phone } });
  if (facts.idNumber) or.push({ petitioner: { idNumber: facts.idNumber } });
  if (or.length === 0) return [];
  const select = { number: true, receivedAt: true, status: true, content: true, petitioner: { select: { name: true, phone: true, idNumber: true } } } as const;
  const recent = await prisma.petition.findMany({
    where: { receivedAt: { gte: since }, OR: or },
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select,
  });
  // A 复核 answered (the last review stage: review_answered with final) closes the matter for good, however long ago.
  const reviewed = await prisma.petition.findMany({
    where: { OR: or, events: { some: { type: 'review_answered', payload: { path: ['final'], equals: true } } } },
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select,
  });
  const finished = new Set(reviewed.map((row) => row.number));
  const rows = [...reviewed, ...recent.filter((row) => !finished.has(row.number))].slice(0, limit);
  return rows.map((row) => ({
    number: row.number,
    receivedAt: row.receivedAt,
    status: row.status,
    petitionerName: row.petitioner?.name ?? null,
    content: row.content,
    reasons: [
      ...(finished.has(row.number) ? [REVIEW_FINISHED_REASON] : []),
      ...(facts.phone && row.petitioner?.phone === facts.phone ? ['电话相同'] : []),
      ...(facts.idNumber && row.petitioner?.idNumber === facts.idNumber ? ['证件号码相同'] : []),
      ...(content && row.content === content ? ['反映内容相同'] : []),
    ],
    ...(finished.has(row.number) ? { reviewFinished: true } : {}),
  }));
}
