/** PostgreSQL restarts while deadlines pass: transitions and notices are retried, each takes effect once. */
import { useFaultRig } from '../faults/support/fault-rig';
import { deadlineWatchPresent, expectSettledExactlyOnce, overdueExpectation, petitionsDueSoon, replyToAll, sleepFor } from '../faults/support/exactly-once';
import { privatePostgresUnavailable } from '../faults/support/private-postgres';

const skipReason = privatePostgresUnavailable();
if (skipReason) console.log(`faults-postgres-restart skipped: ${skipReason}`);
const describeOnPostgres = skipReason ? describe.skip : describe;

describeOnPostgres('PostgreSQL stopped and started again', () => {
  const currentRig = useFaultRig();

  test('deadlines due during the restart fire once; notices go out once', async () => {
    const rig = currentRig();
    const { numbers, dueAt } = await petitionsDueSoon(rig, 4, 6_000);
    const watched = await deadlineWatchPresent(rig, numbers[0]);

    await rig.postgres!.stop();
    await sleepFor(Math.max(0, dueAt - Date.now()) + 2_000);
    await rig.postgres!.start();

    const overdue = overdueExpectation(watched);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', ...overdue.templates] }, 45_000);
    await replyToAll(rig, numbers);
    await expectSettledExactlyOnce(rig, numbers, { eventsOnce: ['accepted', 'assigned', 'replied', ...overdue.eventsOnce], templates: ['acceptance', 'assignment', 'reply', ...overdue.templates] }, 20_000);
  }, 110_000);
});
