/**
 * The policy a petition counts by, for the texts and look-ups outside the workflow (notices, letters, who decides an
 * extension): the version pinned at registration (or adopted since), as kept in the PolicyVersion table
 * (services/policy-versions.ts), never the file as it is now. Petitions registered before versions were kept (and
 * rows seeded by hand) have none stored and read the bundled file, as they always did.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { createWorkCalendar, deadlineForLimit, handlingLimit, type Policy } from '../workflows/deadlines';
import { parsePolicy, validatedBundledPolicy } from './policy-schema';
import { reviewingAuthority, type ReviewingAuthority } from '../workflows/domain/authority-review';

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
  return (await storedPolicy(prisma, petition)) ?? validatedBundledPolicy(petition.policyId);
}

export function expectedReplyBy(policy: Policy, acceptedAt: Date): Date {
  return deadlineForLimit(policy, handlingLimit(policy), acceptedAt, createWorkCalendar()).dueAt;
}

/**
 * What the 处理意见书 tells the petitioner of the right to 复查 (信访工作条例 第三十五条): within the policy's period of
 * receiving the letter, to the authority configured for 复查. None when the policy has no review stage (its own
 * wording then stands); without a configured authority, its supervising 卫生健康行政部门 by description.
 */
export function reviewRightsText(policy: Policy, authorities: readonly ReviewingAuthority[] | undefined): string | undefined {
  const stage = policy.review.stages[0];
  if (!stage) return undefined;
  const authority = reviewingAuthority(authorities, stage.stage)?.name ?? '本院的上一级主管机关（卫生健康行政部门）';
  const days = stage.requestWithin.unit === 'workingDays' ? `${stage.requestWithin.amount}个工作日` : `${stage.requestWithin.amount}日`;
  return (
    `如您对本处理意见不服，可以自收到本处理意见书之日起${days}内，向${authority}请求${stage.title}（《${policy.shortTitle}》第三十五条）。` +
    '如有新的事实、证据，也可与本院信访接待部门联系。'
  );
}
