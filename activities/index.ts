import type { PrismaClient } from '../generated/prisma/client';
import type { Mailer } from './mail/mailer';
import { createDailyReportActivities } from './daily-report';
import { createDeadlineRecordActivities } from './deadline-records';
import type { LinkService } from '../services/links/link-service';
import { createLinkActivities } from './links';
import { createNoticeActivities, type NoticeSettings } from './notices';
import { createRecordActivities } from './records';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ActivityDependencies {
  prisma: PrismaClient;
  mailer: Mailer;
  clock: Clock;
  settings: NoticeSettings;
  /** Signed links for department and leader mails (services/links); optional so a bare worker still mails. */
  links?: LinkService;
}

/** Activities get their dependencies here, so tests hand in a real database and mail server of their own. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createRecordActivities(deps),
    ...createNoticeActivities(deps),
    ...createDailyReportActivities(deps),
    ...createDeadlineRecordActivities(deps),
    ...createLinkActivities(deps),
  };
}

export type PetitionActivities = ReturnType<typeof createActivities>;
