import type { PrismaClient } from '../generated/prisma/client';
import type { PetitionActivities, PetitionPatch, TransitionRecord } from '../workflows/activity-contracts/petition';

/** The petition columns a transition's patch sets (recordTransition, recordFiring). */
export function patchToColumns(patch: PetitionPatch) {
  return {
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.leadDepartment !== undefined && { leadDepartment: patch.leadDepartment }),
    ...(patch.cooperatingDepartments !== undefined && { cooperatingDepartments: patch.cooperatingDepartments }),
    ...(patch.dueAt !== undefined && { dueAt: patch.dueAt === null ? null : new Date(patch.dueAt) }),
    ...(patch.closedAt !== undefined && { closedAt: patch.closedAt === null ? null : new Date(patch.closedAt) }),
    ...(patch.overdue !== undefined && { overdue: patch.overdue }),
    ...(patch.policyVersion !== undefined && { policyVersion: patch.policyVersion }),
    ...(patch.deadlines !== undefined && { deadlines: patch.deadlines as unknown as object[] }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

export function createRecordActivities({ prisma }: { prisma: PrismaClient }): Pick<PetitionActivities, 'recordTransition' | 'findUnknownDepartments'> {
  /** Writes the event and the petition's new columns together; a retry with the same key writes nothing. */
  async function recordTransition(record: TransitionRecord): Promise<{ written: boolean }> {
    try {
      return await prisma.$transaction(async (tx) => {
        const existing = await tx.petitionEvent.findUnique({ where: { idempotencyKey: record.idempotencyKey } });
        if (existing) return { written: false };
        await tx.petitionEvent.create({
          data: {
            petitionId: record.petitionId,
            type: record.type,
            actor: record.actor,
            payload: record.payload as object,
            occurredAt: new Date(record.occurredAt),
            idempotencyKey: record.idempotencyKey,
          },
        });
        await tx.petition.update({ where: { id: record.petitionId }, data: patchToColumns(record.patch) });
        if (record.documentId) {
          await tx.petitionDocument.update({ where: { id: record.documentId }, data: { accepted: true } });
        }
        return { written: true };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { written: false };
      throw error;
    }
  }

  async function findUnknownDepartments(codes: string[]): Promise<string[]> {
    const known = await prisma.department.findMany({ where: { code: { in: codes }, active: true }, select: { code: true } });
    const knownCodes = new Set(known.map((d) => d.code));
    return codes.filter((code) => !knownCodes.has(code));
  }

  return { recordTransition, findUnknownDepartments };
}
