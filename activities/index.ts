import type { PrismaClient } from '../generated/prisma/client';
import type { Mailer } from './mail/mailer';
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
}

/** Activities get their dependencies here, so tests hand in a real database and mail server of their own. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createRecordActivities(deps),
    ...createNoticeActivities(deps),
  };
}

export type PetitionActivities = ReturnType<typeof createActivities>;
