/**
 * A worker SIGKILLed between an SMTP send and the record of that send (the outbox's hardest crash): the catcher has
 * the escalation mail, the worker never heard it was accepted, so neither the Notification nor the outbox row says
 * sent. After the restart the claim lapses (MAIL_CLAIM_SECONDS) and the notice is mailed again under the same
 * Message-ID, which a receiving server uses to drop the copy; the records say sent once, and no event is doubled.
 */
import { useFaultRig } from '../faults/support/fault-rig';
import { detailOf, petitionsDueSoon, waitUntil } from '../faults/support/exactly-once';

describe('worker killed after an SMTP send, before its mark', () => {
  const currentRig = useFaultRig();

  test('the escalation is recorded sent once, and every copy the catcher got has one Message-ID', async () => {
    const rig = currentRig();
    const isEscalation = (key: string | undefined, number: string) => (key ?? '').includes(number) && (key ?? '').includes(':escalation:');
    const [number] = (await petitionsDueSoon(rig, 1, 12_000)).numbers;
    const killed = rig.killWorkerOnMail((message) => isEscalation(message.headers['x-idempotency-key'], number));

    const first = await Promise.race([
      killed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no escalation mail for ${number} within 120 s`)), 120_000).unref()),
    ]);
    await rig.startWorker();

    const detail = await waitUntil(`${number}'s escalation to be recorded sent`, 120_000, async () => {
      const d = await detailOf(rig, number);
      const escalations = d.notifications.filter((n) => n.template === 'escalation');
      return escalations.length > 0 && escalations.every((n) => n.status === 'sent') ? d : undefined;
    });
    const key = first.headers['x-idempotency-key'];
    const copies = rig.mail().filter((message) => message.headers['x-idempotency-key'] === key);
    // The copy from before the kill and the resend after it: one notice, one Message-ID.
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(copies.map((message) => message.messageId))).toEqual(new Set([first.messageId]));
    // One record of each: the notice row per recipient key, the overdue mark and the escalation event.
    const recipients = detail.notifications.filter((n) => n.template === 'escalation').map((n) => n.recipient);
    expect(new Set(recipients).size).toBe(recipients.length);
    for (const type of ['overdue', 'escalated']) expect(detail.events.filter((event) => event.type === type)).toHaveLength(1);
  }, 300_000);
});
