/** The Temporal server goes down while deadlines pass and comes back on the same database file. */
import { useFaultRig } from '../faults/support/fault-rig';
import { deadlineWatchPresent, expectSettledExactlyOnce, overdueExpectation, petitionsDueSoon, replyToAll, sleepFor } from '../faults/support/exactly-once';

describe('Temporal dev server stopped and started again on the same database file', () => {
  const currentRig = useFaultRig();

  test('timers that came due while the server was down fire once; notices go out once', async () => {
    const rig = currentRig();
    const { numbers, dueAt } = await petitionsDueSoon(rig, 4, 8_000);
    const watched = await deadlineWatchPresent(rig, numbers[0]);

    // Stopped at once: some acceptance and assignment notices may still be in flight.
    await rig.stopTemporal();
    await sleepFor(Math.max(0, dueAt - Date.now()) + 2_000);
    await rig.startTemporal();

    const overdue = overdueExpectation(watched);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, 40_000);
    await replyToAll(rig, numbers);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 20_000);
  }, 110_000);
});
