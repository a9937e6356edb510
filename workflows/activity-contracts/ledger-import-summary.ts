/** The 台账 import summary workflow's one activity (activities/ledger-import-summary.ts implements it). Numbers only. */
import type { AlertReason } from '../domain/alerts';

export type LedgerRowState = 'open' | 'finished' | 'declined';

export interface LedgerSummaryRequest {
  importId: string;
  actor: string;
  at: string;
  /** Rows created, by state. With it, `created` lists the open rows only (a 10,000-row import's every number made
   * the workflow input 630 kB, near Temporal's payload limit); without it (earlier imports) `created` is every row. */
  counts?: Record<LedgerRowState, number>;
  created: Array<{
    number: string;
    state: LedgerRowState;
    overdue: boolean;
    /** An open row's leadership alert reasons (集体访, 越级访 for 上级交办): this mail is the leadership's only one
     * about it (its workflow sends none, patch ledger-import-alert-in-summary). Absent in imports before that. */
    alerts?: AlertReason[];
  }>;
}

export interface LedgerSummaryOutcome {
  outcome: 'sent' | 'already-sent' | 'no-recipient';
  recipients: string[];
  overdue: number;
}

export interface LedgerImportActivities {
  sendLedgerImportSummary(request: LedgerSummaryRequest): Promise<LedgerSummaryOutcome>;
}
