import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Temporal namespace of a test file's own. Each test system numbers its petitions from its own database, so on the
 * shared dev server two files would otherwise both start `petition:XF-2026-000001`.
 */
export async function createNamespace(address: string, namespace = `test-${randomUUID().slice(0, 8)}`): Promise<string> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return namespace;
      } catch (error) {
        if (attempt > 50) throw error;
        await sleep(200);
      }
    }
  } finally {
    await connection.close();
  }
}
