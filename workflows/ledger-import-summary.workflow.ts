/**
 * One summary mail to the leadership per 台账 import (services/ledger-import/import.ts starts it under the id
 * ledger-import-summary:<import id>, so an import is summarised once). A workflow so that the API process, which
 * has no mail relay of its own, hands the mail to a worker, which retries it until the relay takes it.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { LedgerImportActivities, LedgerSummaryOutcome, LedgerSummaryRequest } from './activity-contracts/ledger-import-summary';

const { sendLedgerImportSummary } = proxyActivities<LedgerImportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export async function ledgerImportSummaryWorkflow(input: LedgerSummaryRequest): Promise<LedgerSummaryOutcome> {
  return sendLedgerImportSummary(input);
}
