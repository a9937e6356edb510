/**
 * The policy a petition counts by, for the texts and look-ups outside the workflow (notices, letters, who decides an
 * extension): the version pinned at registration (or adopted since), as kept in the PolicyVersion table
 * (services/policy-versions.ts), never the file as it is now. Petitions registered before versions were kept (and
 * rows seeded by hand) have none stored and read the bundled file, as they always did.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { createWorkCalendar, deadlineForLimit, handlingLimit, loadPolicy, parsePolicy, type Policy } from '../workflows/deadlines';

/** Stored versions never change (rows are only inserted), so each is parsed once per process. */
const parsed = new Map<string, Policy>();

/** The stored version, or undefined when none was kept for it. */
export async function storedPolicy(prisma: PrismaClient, petition: { policyId: string; policyVersion: string }): Promise<Policy | undefined> {
  const key = `${petition.policyId}@${petition.policyVersion}`;
  const cached = parsed.get(key);
  if (cached) return cached;
  const stored = await prisma.policyVersion.findUnique({ where: { policyId_version: { policyId: petition.policyId, version: petition.policyVersion } } });
  if (!stored) return undefined;
  const policy = parsePolicy(`${petition.policyId}.json`, stored.content);
  parsed.set(key, policy);
  return policy;
}

export async function pinnedPolicy(prisma: PrismaClient, petition: { policyId: string; policyVersion: string }): Promise<Policy> {
  return (await storedPolicy(prisma, petition)) ?? loadPolicy(petition.policyId);
}

export function expectedReplyBy(policy: Policy, acceptedAt: Date): Date {
  return deadlineForLimit(policy, handlingLimit(policy), acceptedAt, createWorkCalendar()).dueAt;
}
