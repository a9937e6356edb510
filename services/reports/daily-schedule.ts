import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

export const DAILY_REPORT_TIMEZONE = 'Asia/Shanghai';

export interface DailyReportScheduleOptions {
  taskQueue: string;
  /** "HH:MM" in Asia/Shanghai; the leadership gets the report at 15:00 unless DAILY_REPORT_TIME says otherwise. */
  time?: string;
}

/** One schedule per task queue, so test systems sharing a Temporal server do not take each other's schedule. */
export function dailyReportScheduleId(taskQueue: string): string {
  return taskQueue === 'petitions' ? 'daily-report' : `daily-report:${taskQueue}`;
}

export function parseReportTime(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`DAILY_REPORT_TIME 格式应为 HH:MM (got ${time})`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function scheduleOptions(options: DailyReportScheduleOptions): ScheduleOptions {
  const { hour, minute } = parseReportTime(options.time ?? '15:00');
  const scheduleId = dailyReportScheduleId(options.taskQueue);
  return {
    scheduleId,
    spec: { calendars: [{ hour, minute, comment: '信访日报' }], timezone: DAILY_REPORT_TIMEZONE },
    action: {
      type: 'startWorkflow',
      workflowType: 'dailyReportWorkflow',
      workflowId: `${scheduleId}:run`,
      taskQueue: options.taskQueue,
      args: [{}],
      // A run nobody picks up (a test system's queue after the test) must not stay open for ever.
      workflowExecutionTimeout: '6 hours',
    },
    // A report missed while the system was down is still sent when it comes back the same day.
    policies: { catchupWindow: '12 hours', overlap: 'SKIP' },
  };
}

/** Creates the schedule, or brings an existing one up to date: safe to call at every start-up. */
export async function ensureDailyReportSchedule(client: Client, options: DailyReportScheduleOptions): Promise<string> {
  const wanted = scheduleOptions(options);
  try {
    await client.schedule.create(wanted);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({
      ...previous,
      spec: wanted.spec,
      action: wanted.action,
      policies: { ...previous.policies, ...wanted.policies },
    }));
  }
  return wanted.scheduleId;
}
