/**
 * Policy versions (issue 16, "policies pinned the same way"): a petition counts by the version of its policy it was
 * registered under, as the calendar it counts with. Each version is kept in the PolicyVersion table the first time a
 * petition is registered under it (the parsed file, public data), so the workflow gets it in its input and the
 * letters and notices read it (activities/policy-text.ts) however the file changes later. Editing a file makes a new
 * version: its own `version` when that is new, or `<version>+<digest8>` when the file was changed under a version
 * already stored, so one version is always one content. Running petitions move to the file's version only through
 * adoptPolicyVersion, an admin's step on the audit trail that sends each the adoptPolicy Update.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import { validatedBundledPolicy } from '../activities/policy-schema';
import type { Policy } from '../workflows/deadlines';
import { petitionWorkflowId } from '../workflows/ids';
import { updateEachRunning } from './petitions/update-each-running';
import { adoptPolicyUpdate } from '../workflows/petition/policy-adoption';
import { recordAudit } from './audit/audit-trail';

/** The policy file as it is now (the bundled files unless a caller reads them elsewhere, e.g. a test's copy). */
export type CurrentPolicy = (policyId: string) => Policy;

export const bundledPolicy: CurrentPolicy = validatedBundledPolicy;

/** JSON with the keys sorted, so the digest does not depend on the file's key order or spacing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function digestOf(policy: Policy): string {
  return createHash('sha256').update(canonical(policy)).digest('hex');
}

/** One look-up per content and process: stored versions never change. */
const pinned = new Map<string, Policy>();

/**
 * The version a petition registered now counts by: `policy` (the file as it is now), stored if it is new, with the
 * version under which its content is kept. Two processes pinning at once agree (insert-if-absent, then read back).
 */
export async function pinPolicyVersion(prisma: PrismaClient, policy: Policy): Promise<Policy> {
  const digest = digestOf(policy);
  const memo = pinned.get(`${policy.id}:${digest}`);
  if (memo) return memo;
  for (const version of [policy.version, `${policy.version}+${digest.slice(0, 8)}`]) {
    const content = version === policy.version ? policy : { ...policy, version };
    await prisma.policyVersion.createMany({ data: [{ policyId: policy.id, version, digest, content: JSON.parse(JSON.stringify(content)) }], skipDuplicates: true });
    const stored = await prisma.policyVersion.findUniqueOrThrow({ where: { policyId_version: { policyId: policy.id, version } } });
    if (stored.digest === digest) {
      pinned.set(`${policy.id}:${digest}`, content);
      return content;
    }
  }
  throw new Error(`策略 ${policy.id} ${policy.version} 版的两个不同内容摘要相同，无法保存 (digest collision)`);
}

export interface PolicyAdoptionContext {
  prisma: PrismaClient;
  temporal: Client;
  currentPolicy?: CurrentPolicy;
}

export interface PolicyAdoptionReport {
  policyId: string;
  /** The version adopted: the file's as it is now. */
  version: string;
  petitions: number;
  adopted: Array<{ number: string; previousVersion: string }>;
  /** Archived meanwhile, not running, or already on the version. */
  unchanged: string[];
}

export class PolicyAdoptionRefused extends Error {}

/** What adopting would do: the file's version now, and how many running petitions count by each version. */
export async function policyVersionsInUse(context: PolicyAdoptionContext, policyId: string): Promise<{ policyId: string; version: string; title: string; running: Record<string, number> }> {
  const policy = currentOf(context, policyId);
  const current = await pinPolicyVersion(context.prisma, policy);
  const groups = await context.prisma.petition.groupBy({
    by: ['policyVersion'],
    where: { policyId, workflowStarted: true, status: { not: 'archived' } },
    _count: { _all: true },
  });
  return { policyId, version: current.version, title: current.title, running: Object.fromEntries(groups.map((g) => [g.policyVersion, g._count._all])) };
}

function currentOf(context: PolicyAdoptionContext, policyId: string): Policy {
  try {
    return (context.currentPolicy ?? bundledPolicy)(policyId);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('未知的期限策略')) throw new PolicyAdoptionRefused(error.message);
    throw error;
  }
}

/** Moves every running petition of the policy to the file's version now, recorded on the audit trail. */
export async function adoptPolicyVersion(context: PolicyAdoptionContext, request: { policyId: string; actor: string }): Promise<PolicyAdoptionReport> {
  const { policyId, actor } = request;
  const policy = await pinPolicyVersion(context.prisma, currentOf(context, policyId));
  const running = await context.prisma.petition.findMany({
    where: { policyId, workflowStarted: true, status: { not: 'archived' }, policyVersion: { not: policy.version } },
    select: { number: true, policyVersion: true },
    orderBy: { number: 'asc' },
  });
  const report: PolicyAdoptionReport = { policyId, version: policy.version, petitions: running.length, adopted: [], unchanged: [] };
  await updateEachRunning(
    running,
    async (next) => {
      await context.temporal.workflow.getHandle(petitionWorkflowId(next.number)).executeUpdate(adoptPolicyUpdate, { args: [{ actor, policy }] });
      report.adopted.push({ number: next.number, previousVersion: next.policyVersion });
      return true;
    },
    (next) => report.unchanged.push(next.number),
  );
  report.adopted.sort((a, b) => a.number.localeCompare(b.number));
  report.unchanged.sort();
  const from = [...new Set(report.adopted.map((a) => a.previousVersion))].sort().join('、') || '无';
  await recordAudit(context.prisma, {
    actor,
    action: 'policy.adopt',
    outcome: 'ok',
    detail: `${policy.title}（${policyId}）改用${policy.version}版：运行中事项${report.petitions}件，改用${report.adopted.length}件（原版本：${from}），未变${report.unchanged.length}件`,
  });
  return report;
}
