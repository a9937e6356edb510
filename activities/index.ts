/**
 * The activities of the petition and daily-report workflows, built from what the composition root hands in (a
 * database, a mail server, a clock, settings and a link signer), so tests hand in real servers of their own.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { createDailyReportActivities, type AccountabilityLine } from './daily-report';
import { createDeadlineRecordActivities } from './deadline-records';
import { createExtensionDeciderActivities } from './extension-decider';
import { createLedgerImportActivities } from './ledger-import-summary';
import type { LinkSigner } from './link-signer';
import type { Mailer } from './mail/mailer';
import { createNoticeActivities } from './notices';
import { createOutboxActivities, type DeliveryRule } from './notice-outbox';
import { createRecordActivities } from './records';
import type { Clock, NoticeSettings } from './settings';
import type { DailyReportActivities } from '../workflows/activity-contracts/daily-report';
import type { LedgerImportActivities } from '../workflows/activity-contracts/ledger-import-summary';
import type { PetitionActivities } from '../workflows/activity-contracts/petition';

export { systemClock, type Clock, type NoticeSettings } from './settings';
export type { LinkRequest, LinkSigner } from './link-signer';
export type { AccountabilityLine } from './daily-report';
export type { DeliveryRule } from './notice-outbox';

export interface ActivityDependencies {
  prisma: PrismaClient;
  mailer: Mailer;
  clock: Clock;
  settings: NoticeSettings;
  /** Signs the action links in department and leader mails; optional so a bare worker still mails. */
  links?: LinkSigner;
  /** The 考核 line of the daily report (services/reports/accountability.ts); optional like the link signer. */
  accountability?: AccountabilityLine;
  /** The daily report's reminder of a missing holiday schedule (services/calendar-supplements.ts). */
  calendarReminder?: (at: Date) => string | undefined;
  /** When a queued staff notice may be mailed (the hospital's working hours); without it, at once. */
  deliveryRule?: DeliveryRule;
}

/** Every activity the workflows call, typed by their contracts in workflows/activity-contracts/. */
export function createActivities(deps: ActivityDependencies): PetitionActivities & DailyReportActivities & LedgerImportActivities {
  return {
    ...createRecordActivities(deps),
    ...createNoticeActivities(deps),
    ...createOutboxActivities(deps),
    ...createDailyReportActivities(deps),
    ...createDeadlineRecordActivities(deps),
    ...createExtensionDeciderActivities(deps),
    ...createLedgerImportActivities(deps),
  };
}

