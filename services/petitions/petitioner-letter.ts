/**
 * Which written reply the petitioner sees (mailed, printed, /lookup): the 处理意见书 the 信访办 approved, never the
 * department's reply under review, whose internal findings stay with staff. Petitions replied before the review step
 * (their `replied` event has no `review` flag) were answered with the department's reply as written, so that one
 * stays their letter. One rule for the PDF letter and the lookup page.
 */
import type { PrismaClient } from '../../generated/prisma/client';

export interface PetitionerLetter {
  body: unknown;
  /** The letter's date: when it was approved (or, before the review step, when the department replied). */
  issuedAt: Date;
}

function field(payload: unknown, name: string): unknown {
  return (payload as Record<string, unknown> | null)?.[name];
}

export async function petitionerLetter(prisma: PrismaClient, petitionId: string): Promise<PetitionerLetter | undefined> {
  const approved = await prisma.petitionDocument.findFirst({ where: { petitionId, kind: 'reply_letter', accepted: true }, orderBy: { createdAt: 'desc' } });
  const replies = await prisma.petitionEvent.findMany({ where: { petitionId, type: 'replied' }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }] });
  const direct = replies.find((event) => field(event.payload, 'review') !== true && typeof field(event.payload, 'documentId') === 'string');
  const directDocument = direct
    ? await prisma.petitionDocument.findFirst({ where: { id: field(direct.payload, 'documentId') as string, petitionId, accepted: true } })
    : null;
  const candidates = [approved, directDocument].filter((d): d is NonNullable<typeof d> => d !== null);
  const latest = candidates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return latest ? { body: latest.body, issuedAt: latest.createdAt } : undefined;
}
