/**
 * The expected reply date is counted once, at acceptance, on the petition's pinned calendar, and kept: the state, the
 * `accepted` event and the acceptance notice carry the same instant, and it is the handling deadline the assignment
 * then opens (the policy counts the handling limit from acceptance), so letters and mails never recompute it.
 */
import { acceptUpdate, assignUpdate } from '../../workflows/petition/messages';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const intake = 'staff:intake01';

async function eventually<T>(read: () => T, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('expected reply date (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('kept in the state, the accepted event and the acceptance notice; the assignment opens the same due instant', async () => {
    const { harness } = suite;
    const run = await harness.startPetition();
    const accepted = await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: intake }] });
    expect(accepted.expectedReplyBy).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(accepted.expectedReplyBy!)).toBeGreaterThan(Date.parse(accepted.acceptedAt!) + 30 * 86_400_000);

    const acceptedEvent = harness
      .callsOf(accepted.petitionId)
      .find((call) => call.activity === 'recordTransition' && call.args.type === 'accepted');
    expect(acceptedEvent?.args.payload).toEqual({ expectedReplyBy: accepted.expectedReplyBy });
    const notices = await eventually(() => run.notices('acceptance'), (found) => found.length > 0);
    expect(notices.map((notice) => notice.expectedBy)).toEqual([accepted.expectedReplyBy]);

    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: intake, leadDepartment: 'YWC', cooperatingDepartments: [] }] });
    expect(assigned.dueAt).toBe(accepted.expectedReplyBy);
    expect(assigned.expectedReplyBy).toBe(accepted.expectedReplyBy);
  });
});
