/**
 * Registers the petition search attributes (workflows/search-attributes.ts) in the cluster's namespace through the
 * operator service, with the same function the API calls at its start (services/observability/search-attributes.ts).
 * Run by infra/cluster/start.sh right after the namespace is created: a new namespace reaches the server's caches a
 * few seconds later, so this retries until the registration is accepted and visible in listSearchAttributes.
 *   TEMPORAL_ADDRESS=127.0.0.1:17233 TEMPORAL_NAMESPACE=petitions node --import tsx infra/cluster/register-search-attributes.ts
 */
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../services/observability/search-attributes';
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';

const TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const namespace = process.env.TEMPORAL_NAMESPACE;
  if (!address || !namespace) throw new Error('TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE must be set');
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await registerSearchAttributes(connection, namespace);
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = Object.keys(petitionSearchAttributeTypes).filter((name) => !(customAttributes && name in customAttributes));
        if (missing.length === 0) break;
        if (Date.now() > deadline) throw new Error(`search attributes still missing: ${missing.join(', ')}`);
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    console.log(`search attributes registered in ${namespace}: ${Object.keys(petitionSearchAttributeTypes).join(', ')}`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error('registering search attributes failed:', error);
  process.exit(1);
});
