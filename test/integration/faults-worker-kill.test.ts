/** SIGKILL the worker (and its API) while petitions wait on deadlines; start it again; nothing is lost or doubled. */
import { useFaultRig } from '../faults/support/fault-rig';
import { deadlineWatchPresent, expectSettledExactlyOnce, overdueExpectation, petitionsDueSoon, replyToAll, sleepFor } from '../faults/support/exactly-once';

describe('worker killed with SIGKILL while petitions wait', () => {
  const currentRig = useFaultRig();

  test('due deadlines fire once and every notice is delivered once after the restart', async () => {
    const rig = currentRig();
    const { numbers, dueAt } = await petitionsDueSoon(rig, 4, 12_000);
    const watched = await deadlineWatchPresent(rig, numbers[0]);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned'], templates: ['acceptance', 'assignment'] }, 10_000);

    await rig.killWorker();
    // The deadlines pass while no worker runs.
    await sleepFor(Math.max(0, dueAt - Date.now()) + 2_000);
    await rig.startWorker();

    const overdue = overdueExpectation(watched);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, 30_000);
    await replyToAll(rig, numbers);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 20_000);
  }, 110_000);
});
