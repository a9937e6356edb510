/** The mail server is unreachable for a while and comes back on the same port: every notice arrives once. */
import { useFaultRig } from '../faults/support/fault-rig';
import { expectRecoveredExactlyOnce, petitionsDueSoon, sleepPastDue } from '../faults/support/exactly-once';

describe('SMTP server stopped for a while, then started on the same port', () => {
  const currentRig = useFaultRig();

  test('notices queued and escalations fired during the outage are delivered once afterwards', async () => {
    const rig = currentRig();
    await rig.stopSmtp();
    const { numbers, dueAt, watched } = await petitionsDueSoon(rig, 4, 5_000);
    await sleepPastDue(dueAt);
    await rig.startSmtp();

    // Activity retries back off (2 s, 4 s, 8 s, 16 s …), so the first attempt after the outage may be ~16 s away.
    await expectRecoveredExactlyOnce(rig, numbers, watched, 90_000);
  }, 300_000);
});
