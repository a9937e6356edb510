/**
 * One recorded step sent to many running petitions (adopting a year's calendar, a policy's new version): each gets
 * its Update, a few at once (each waits for its petition's record write), and one whose workflow refused it or has
 * completed meanwhile is reported unchanged rather than failing the whole step.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/** How many petitions are sent the Update at once. */
const PARALLEL = 8;

/**
 * `adopt` sends the Update to one petition and says whether it changed it (false: left as it was, e.g. nothing to
 * recount); `unchanged` hears of every petition left as it was.
 */
export async function updateEachRunning<T>(petitions: readonly T[], adopt: (petition: T) => Promise<boolean>, unchanged: (petition: T) => void): Promise<void> {
  const queue = [...petitions];
  async function work(): Promise<void> {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      try {
        if (!(await adopt(next))) unchanged(next);
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) unchanged(next);
        else throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, work));
}
