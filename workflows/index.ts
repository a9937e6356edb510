export { petitionWorkflow } from './petition/workflow';
export { dailyReportWorkflow } from './daily-report.workflow';
