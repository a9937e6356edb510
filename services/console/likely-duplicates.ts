/**
 * Before a registration is stored, the petitions it probably repeats: the same phone or ID number, or the same text,
 * received within the 重复访 window of services/petitions/alerts.ts. The console shows them with "仍要登记" so staff
 * decide; registering anyway is then a repeat visit (and alerts as one), not an accidental second copy.
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
}

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
  const rows = await prisma.petition.findMany({
    where: { receivedAt: { gte: since }, OR: or },
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select: { number: true, receivedAt: true, status: true, content: true, petitioner: { select: { name: true, phone: true, idNumber: true } } },
  });
  return rows.map((row) => ({
    number: row.number,
    receivedAt: row.receivedAt,
    status: row.status,
    petitionerName: row.petitioner?.name ?? null,
    content: row.content,
    reasons: [
      ...(facts.phone && row.petitioner?.phone === facts.phone ? ['电话相同'] : []),
      ...(facts.idNumber && row.petitioner?.idNumber === facts.idNumber ? ['证件号码相同'] : []),
      ...(content && row.content === content ? ['反映内容相同'] : []),
    ],
  }));
}
