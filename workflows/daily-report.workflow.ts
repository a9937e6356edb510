import { proxyActivities } from '@temporalio/workflow';
import type { DailyReportActivities, DailyReportOutcome } from './activity-contracts/daily-report';

const { sendDailyReport } = proxyActivities<DailyReportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export interface DailyReportInput {
  /** The instant the report covers up to; defaults to the workflow's start (the schedule's firing time). */
  at?: string;
}

/** 信访日报: started by the 15:00 Asia/Shanghai schedule; one activity gathers the day's petitions and mails them. */
export async function dailyReportWorkflow(input: DailyReportInput = {}): Promise<DailyReportOutcome> {
  return sendDailyReport({ at: input.at ?? new Date().toISOString() });
}
