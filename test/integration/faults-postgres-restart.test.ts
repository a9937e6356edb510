/** PostgreSQL restarts while deadlines pass: transitions and notices are retried, each takes effect once. */
import { useFaultRig } from '../faults/support/fault-rig';
import { expectRecoveredExactlyOnce, petitionsDueSoon, sleepPastDue } from '../faults/support/exactly-once';
import { privatePostgresUnavailable } from '../faults/support/private-postgres';

const skipReason = privatePostgresUnavailable();
if (skipReason) console.log(`faults-postgres-restart skipped: ${skipReason}`);
const describeOnPostgres = skipReason ? describe.skip : describe;

describeOnPostgres('PostgreSQL stopped and started again', () => {
  const currentRig = useFaultRig();

  test('deadlines due during the restart fire once; notices go out once', async () => {
    const rig = currentRig();
    const { numbers, dueAt, watched } = await petitionsDueSoon(rig, 4, 6_000);

    await rig.postgres!.stop();
    await sleepPastDue(dueAt);
    await rig.postgres!.start();

    await expectRecoveredExactlyOnce(rig, numbers, watched, 90_000);
  }, 300_000);
});
