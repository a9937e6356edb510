/** The mail server is unreachable for a while and comes back on the same port: every notice arrives once. */
import { useFaultRig } from '../faults/support/fault-rig';
import { deadlineWatchPresent, expectSettledExactlyOnce, overdueExpectation, petitionsDueSoon, replyToAll, sleepFor } from '../faults/support/exactly-once';

describe('SMTP server stopped for a while, then started on the same port', () => {
  const currentRig = useFaultRig();

  test('notices queued and escalations fired during the outage are delivered once afterwards', async () => {
    const rig = currentRig();
    await rig.stopSmtp();
    const { numbers, dueAt } = await petitionsDueSoon(rig, 4, 5_000);
    const watched = await deadlineWatchPresent(rig, numbers[0]);
    await sleepFor(Math.max(0, dueAt - Date.now()) + 2_000);
    await rig.startSmtp();

    const overdue = overdueExpectation(watched);
    // Activity retries back off (2 s, 4 s, 8 s, 16 s …), so the first attempt after the outage may be ~16 s away.
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, 45_000);
    await replyToAll(rig, numbers);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 20_000);
  }, 110_000);
});
