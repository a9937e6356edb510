/**
 * The petition workflow's activities, with their timeouts and retries: the record store's writes, the lookups the
 * handlers make, and the mail sent from the workflow. Since the patch local-record-writes, the writes a transition, a
 * deadline firing and a command's notices make run as local activities, in the workflow task that raised them.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PetitionActivities } from '../activity-contracts/petition';

const retryUntilWritten = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;

// The record store and the mail server may be down for a while: keep retrying, a notice must not be lost.
export const { recordTransition, findUnknownDepartments, staffRoleOf, extensionDecider, recordTimerFired, recordFiring, openSupervision, escalateSupervision, closeSupervision, queueNotices } =
  proxyActivities<PetitionActivities>({ startToCloseTimeout: '30 seconds', retry: retryUntilWritten });

export const { sendNotice } = proxyActivities<PetitionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/**
 * The record store's writes run by the worker that holds the petition, inside the workflow task that raised them: the
 * Temporal server dispatches no activity task and records no activity events for them, so a transition, a firing at
 * 24:00 or an assignment's queued notices cost one workflow task and a marker. Each write is idempotent (its rows
 * carry the transition's or the step's key), so a retry, or a task run again after a worker crash, writes nothing twice.
 */
export const LOCAL_RECORD_WRITES = 'local-record-writes';
const writtenInWorkflowTask = proxyLocalActivities<PetitionActivities>({ startToCloseTimeout: '30 seconds', retry: retryUntilWritten });

type RecordWrites = Pick<PetitionActivities, 'recordTransition' | 'recordFiring' | 'queueNotices'>;

/** The writes as this run makes them: as local activities since the patch, as activity tasks in histories before it. */
export function recordWrites(): RecordWrites {
  return patched(LOCAL_RECORD_WRITES) ? writtenInWorkflowTask : { recordTransition, recordFiring, queueNotices };
}
