import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { decideAlertReasons, type AlertReason } from '../../workflows/domain/alerts';

/** 重复访: the same petitioner (phone or ID number) or the same text within this many days. */
export const REPEAT_WINDOW_DAYS = 180;

export interface AlertFacts {
  channel: string;
  peopleCount: number;
  content: string;
  levelSkipping?: boolean;
  petitioner?: { phone?: string; idNumber?: string };
}

/**
 * Reason codes that alert the leadership at once. Decided here, against the record store, so only the codes travel
 * into the workflow (no phone numbers or ID numbers in Temporal history).
 */
export async function alertReasons(prisma: PrismaClient, facts: AlertFacts, receivedAt: Date): Promise<AlertReason[]> {
  const since = new Date(receivedAt.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  const samePerson = [
    ...(facts.petitioner?.phone ? [{ petitioner: { phone: facts.petitioner.phone } }] : []),
    ...(facts.petitioner?.idNumber ? [{ petitioner: { idNumber: facts.petitioner.idNumber } }] : []),
  ];
  // The digest column is kept by a database trigger from the stored content (indexed with receivedAt).
  const contentDigest = createHash('sha256').update(facts.content, 'utf8').digest('hex');
  const earlier = await prisma.petition.findFirst({
    where: { receivedAt: { gte: since }, OR: [{ contentDigest }, ...samePerson] },
    select: { id: true },
  });
  return decideAlertReasons({ ...facts, repeat: earlier !== null });
}
