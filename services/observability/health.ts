import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

const CHECK_TIMEOUT_MS = 3_000;

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Ready = the record store answers a query and the Temporal namespace answers; load balancers route on this. */
export async function checkReadiness(prisma: PrismaClient, temporal: Client): Promise<ReadinessReport> {
  const [database, temporalCheck] = await Promise.all([
    timed(() => prisma.$queryRaw`SELECT 1`),
    timed(() => temporal.connection.workflowService.describeNamespace({ namespace: temporal.options.namespace })),
  ]);
  const checks = { database, temporal: temporalCheck };
  return { ready: database.ok && temporalCheck.ok, checks };
}
