/** The daily report workflow's one activity (activities/daily-report.ts implements it). Counts and addresses of staff only. */

export interface DailyReportRequest {
  /** The report's instant (the schedule's firing time); it covers the 24 hours before it. */
  at: string;
}

export interface DailyReportOutcome {
  day: string;
  zero: boolean;
  counts: { newPetitions: number; closed: number; overdue: number; alerted: number };
  recipients: string[];
  outcome: 'sent' | 'already-sent' | 'no-recipient';
}

export interface DailyReportActivities {
  sendDailyReport(request: DailyReportRequest): Promise<DailyReportOutcome>;
}
