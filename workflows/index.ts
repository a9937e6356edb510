export { petitionWorkflow } from './petition/workflow';
export { dailyReportWorkflow } from './daily-report.workflow';
export { ledgerImportSummaryWorkflow } from './ledger-import-summary.workflow';
