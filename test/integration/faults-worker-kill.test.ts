/** SIGKILL the worker (and its API) while petitions wait on deadlines; start it again; nothing is lost or doubled. */
import { startFaultRig, type FaultRig } from '../faults/support/fault-rig';
import { deadlineWatchPresent, expectSettledExactlyOnce, petitionsDueSoon, replyToAll, sleepFor } from '../faults/support/exactly-once';

describe('worker killed with SIGKILL while petitions wait', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await startFaultRig();
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  }, 60_000);

  test('due deadlines fire once and every notice is delivered once after the restart', async () => {
    const { numbers, dueAt } = await petitionsDueSoon(rig, 4, 12_000);
    const watched = await deadlineWatchPresent(rig, numbers[0]);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned'], templates: ['acceptance', 'assignment'] }, 10_000);

    await rig.killWorker();
    // The deadlines pass while no worker runs.
    await sleepFor(Math.max(0, dueAt - Date.now()) + 2_000);
    await rig.startWorker();

    const overdue = watched ? { eventsOnce: ['overdue'], templates: ['escalation'] } : { eventsOnce: [], templates: [] };
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, 30_000);
    await replyToAll(rig, numbers);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 20_000);
  }, 110_000);
});
