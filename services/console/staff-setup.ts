import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { EMBEDDED_DEV_PASSWORD, type AuthSettings } from '../auth/auth-settings';
import { seedInitialPasswords } from '../auth/passwords';
import { purgeExpiredSessions } from '../auth/sessions';
import { ensureDailyReportSchedule } from '../reports/daily-schedule';
import type { StaffSiteSettings } from './staff-site';

export interface StaffSetupInput {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  namespace: string;
  hospitalName: string;
  /** The 信访办's phone (config/hospital.json officePhone), shown to petitioners on /lookup. */
  officePhone?: string;
  publicBaseUrl: string;
  temporalUiUrl?: string;
  auth: AuthSettings;
  /** DAILY_REPORT_SCHEDULE and DAILY_REPORT_TIME (services/config.ts). */
  dailyReport: { schedule: boolean; time: string };
  font: StaffSiteSettings['font'];
  routing?: StaffSiteSettings['routing'];
  calendarReminder?: StaffSiteSettings['calendarReminder'];
  log: Logger;
}

/**
 * At start-up: initial passwords for staff who have none, stale sessions gone, and the 15:00 daily-report
 * schedule created or brought up to date. Returns what createApp needs for sign-in and the console.
 */
export async function setUpStaffSite(input: StaffSetupInput): Promise<StaffSiteSettings> {
  const { auth } = input;
  if (auth.initialPassword) {
    const seeded = await seedInitialPasswords(input.prisma, auth.initialPassword);
    if (seeded > 0 && auth.initialPassword === EMBEDDED_DEV_PASSWORD) {
      input.log.warn({ seeded }, 'gave staff without a password the documented embedded dev password (README); change it in the console');
    } else if (seeded > 0) {
      input.log.info({ seeded }, 'gave staff without a password the initial password CONSOLE_DEFAULT_PASSWORD');
    }
  } else {
    input.log.info('no CONSOLE_DEFAULT_PASSWORD: staff without a password cannot sign in until an admin sets one (services/auth/set-password-cli.ts)');
  }
  await purgeExpiredSessions(input.prisma, auth);
  if (input.dailyReport.schedule) {
    const scheduleId = await ensureDailyReportSchedule(input.temporal, { taskQueue: input.taskQueue, time: input.dailyReport.time });
    input.log.info({ scheduleId }, 'daily report schedule ensured (Asia/Shanghai)');
  }
  return {
    auth,
    hospitalName: input.hospitalName,
    officePhone: input.officePhone,
    publicBaseUrl: input.publicBaseUrl,
    temporalUiUrl: input.temporalUiUrl,
    namespace: input.namespace,
    font: input.font,
    routing: input.routing,
    calendarReminder: input.calendarReminder,
  };
}
