/** SIGKILL the worker (and its API) while petitions wait on deadlines; start it again; nothing is lost or doubled. */
import { useFaultRig } from '../faults/support/fault-rig';
import { expectRecoveredExactlyOnce, expectSettledExactlyOnce, petitionsDueSoon, sleepPastDue } from '../faults/support/exactly-once';

describe('worker killed with SIGKILL while petitions wait', () => {
  const currentRig = useFaultRig();

  test('due deadlines fire once and every notice is delivered once after the restart', async () => {
    const rig = currentRig();
    const { numbers, dueAt, watched } = await petitionsDueSoon(rig, 4, 12_000);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned'], templates: ['acceptance', 'assignment'] }, 60_000);

    await rig.killWorker();
    // The deadlines pass while no worker runs.
    await sleepPastDue(dueAt);
    await rig.startWorker();

    await expectRecoveredExactlyOnce(rig, numbers, watched, 90_000);
  }, 300_000);
});
