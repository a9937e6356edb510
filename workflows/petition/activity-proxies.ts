import { proxyActivities } from '@temporalio/workflow';
import type { PetitionActivities } from '../activity-contracts/petition';

// The record store and the mail server may be down for a while: keep retrying, a notice must not be lost.
export const { recordTransition, findUnknownDepartments, staffRoleOf, extensionDecider, recordTimerFired, recordFiring, openSupervision, escalateSupervision, closeSupervision, queueNotices } =
  proxyActivities<PetitionActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

export const { sendNotice } = proxyActivities<PetitionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
