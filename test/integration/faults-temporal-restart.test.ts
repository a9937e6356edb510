/** The Temporal server goes down while deadlines pass and comes back on the same database file. */
import { useFaultRig } from '../faults/support/fault-rig';
import { expectRecoveredExactlyOnce, petitionsDueSoon, sleepPastDue } from '../faults/support/exactly-once';

describe('Temporal dev server stopped and started again on the same database file', () => {
  const currentRig = useFaultRig();

  test('timers that came due while the server was down fire once; notices go out once', async () => {
    const rig = currentRig();
    const { numbers, dueAt, watched } = await petitionsDueSoon(rig, 4, 8_000);

    // Stopped at once: some acceptance and assignment notices may still be in flight.
    await rig.stopTemporal();
    await sleepPastDue(dueAt);
    await rig.startTemporal();

    await expectRecoveredExactlyOnce(rig, numbers, watched, 90_000);
  }, 300_000);
});
