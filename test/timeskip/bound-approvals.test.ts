/**
 * Bound approvals (issue 16, 信访工作条例 第三十四条), on the time-skipping server: an extension is decided only by the
 * party the policy names (xinfang-2022: the requesting department's 分管院领导 in config/hospital.json); a decision
 * bound to one request (a leader's link, a form) never decides a later one; the petitioner's 延期告知书 goes out only
 * when the matter's own deadline moves; the requesting department is told the decision either way.
 */
import { acknowledgeUpdate, decideExtensionUpdate, requestExtensionUpdate } from '../../workflows/petition/messages';
import { refusal } from './support/petition-harness';
import { useTimeSkippingPetitions } from './support/time-skipping-petitions';

jest.setTimeout(120_000);

const request = (department: string, days: number, documentId: string) => ({ args: [{ actor: `dept:${department}`, department, days, documentId }] as [never] });

describe('bound extension approvals (time skipping)', () => {
  const suite = useTimeSkippingPetitions();

  test('another leader and the president are refused with the named leader in the reason; the named leader approves', async () => {
    const run = await suite.harness.startAssigned('YWC');
    await run.handle.executeUpdate(requestExtensionUpdate, request('YWC', 10, 'doc-ywc-1'));

    // leader-ops is 分管 of 财务处, 保卫处 …; 医务处's is leader-med. The policy names the 分管院领导, not the 院长.
    for (const actor of ['staff:leader-ops', 'staff:president', 'staff:intake01']) {
      const reason = await refusal(run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor, approve: true }] }));
      expect(reason).toContain('只有医务处的分管院领导（leader-med）可以审批医务处的延期申请');
    }
    const still = await run.state();
    expect(still.pendingExtension).toMatchObject({ department: 'YWC', documentId: 'doc-ywc-1' });
    expect(run.events()).not.toContain('extension_approved');

    const approved = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-med', approve: true }] });
    expect(approved.pendingExtension).toBeUndefined();
    expect(approved.extensionDaysGranted).toEqual({ YWC: 10 });
    expect(run.events().filter((type) => type.startsWith('extension_'))).toEqual(['extension_requested', 'extension_approved']);
    await run.handle.terminate('test done');
  });

  test('a decision bound to an earlier request cannot decide a later one', async () => {
    const run = await suite.harness.startAssigned('CWC');
    await run.handle.executeUpdate(requestExtensionUpdate, request('CWC', 5, 'doc-cwc-first'));
    // The first request is refused in the console; its mailed link (bound to doc-cwc-first) stays unused.
    await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-ops', approve: false, requestDocumentId: 'doc-cwc-first' }] });
    await run.handle.executeUpdate(requestExtensionUpdate, request('CWC', 20, 'doc-cwc-second'));

    const reason = await refusal(
      run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-ops', approve: true, requestDocumentId: 'doc-cwc-first' }] }),
    );
    expect(reason).toContain('此审批针对的延期申请（文书 doc-cwc-first）已经处理');
    expect(reason).toContain('doc-cwc-second');
    expect((await run.state()).pendingExtension).toMatchObject({ documentId: 'doc-cwc-second', days: 20 });

    const decided = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-ops', approve: true, requestDocumentId: 'doc-cwc-second' }] });
    expect(decided.extensionDaysGranted).toEqual({ CWC: 20 });
    await run.handle.terminate('test done');
  });

  test('the petitioner is told only when the matter’s own deadline moves; the department is told either way', async () => {
    const run = await suite.harness.startAssigned('YWC', ['XNK']);
    await run.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'dept:XNK', department: 'XNK' }] });
    const matterDue = run.assigned.dueAt!;

    // A cooperating department's date moves: internal, no 延期告知书.
    await run.handle.executeUpdate(requestExtensionUpdate, request('XNK', 10, 'doc-xnk'));
    const cooperating = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-med', approve: true, documentId: 'note-xnk' }] });
    expect(cooperating.dueAt).toBe(matterDue);
    const xnkDue = cooperating.deadlines!.find((d) => d.kind === 'handling' && d.department === 'XNK')!.dueAt;
    expect(Date.parse(xnkDue)).toBeGreaterThan(Date.parse(matterDue));

    // The lead department is refused: its date stands, the department hears so.
    await run.handle.executeUpdate(requestExtensionUpdate, request('YWC', 15, 'doc-ywc-refused'));
    const refused = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-med', approve: false }] });
    expect(refused.dueAt).toBe(matterDue);

    // The lead department is approved: the matter's deadline moves, and only now is the petitioner told.
    await run.handle.executeUpdate(requestExtensionUpdate, request('YWC', 15, 'doc-ywc-approved'));
    const moved = await run.handle.executeUpdate(decideExtensionUpdate, { args: [{ actor: 'staff:leader-med', approve: true }] });
    expect(Date.parse(moved.dueAt!)).toBeGreaterThan(Date.parse(matterDue));

    await waitFor(() => run.notices('extension-decision').length === 3 && run.notices('extension').length === 1);
    expect(run.notices('extension')).toEqual([expect.objectContaining({ reasonDocumentId: 'doc-ywc-approved', dueAt: moved.dueAt })]);
    expect(run.notices('extension-decision').map(({ departmentCode, approved, dueAt, requestDocumentId, decisionDocumentId }) => ({ departmentCode, approved, dueAt, requestDocumentId, decisionDocumentId }))).toEqual([
      { departmentCode: 'XNK', approved: true, dueAt: xnkDue, requestDocumentId: 'doc-xnk', decisionDocumentId: 'note-xnk' },
      { departmentCode: 'YWC', approved: false, dueAt: matterDue, requestDocumentId: 'doc-ywc-refused', decisionDocumentId: undefined },
      { departmentCode: 'YWC', approved: true, dueAt: moved.dueAt, requestDocumentId: 'doc-ywc-approved', decisionDocumentId: undefined },
    ]);
    expect(run.notices('extension-decision').every((notice) => notice.audience === 'department')).toBe(true);
    await run.handle.terminate('test done');
  });
});

/** Notices leave through the workflow's outbox after the update returns: wait for them (generous, no fixed sleep). */
async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
