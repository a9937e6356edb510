/**
 * Two updates admitted at the same time must not leave a mixed state: the workflow serialises its update handlers and
 * checks each command again when its turn comes, so exactly one of two conflicting commands wins and the other is
 * refused with a Chinese reason (HTTP 409), whatever the order in which they reach the workflow.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { refusalTypes, replyUpdate, returnCaseUpdate, type CommandResult, type PetitionState } from '../../workflows/petition/messages';
import { freshPhone, registrationWith } from '../support/petition-steps';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(120_000);

const registration = registrationWith(() => ({
  petitioner: { name: '王芳', email: 'wang.fang@example.cn', phone: freshPhone('137') },
  content: `检查报告迟迟未出，要求说明原因 ${Math.random()}`,
}));

/** The refusal an update failed with (validator or handler), or undefined when it succeeded. */
async function outcomeOf(update: Promise<CommandResult>): Promise<{ state?: CommandResult; refusal?: ApplicationFailure }> {
  try {
    return { state: await update };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) return { refusal: error.cause };
    throw error;
  }
}

function expectRefusal(refusal: ApplicationFailure | undefined): void {
  expect(refusal).toBeDefined();
  expect(refusalTypes as readonly string[]).toContain(refusal!.type);
  expect(refusal!.message).toMatch(/^[\u4e00-\u9fff“]/);
}

describe('interleaved updates on real servers', () => {
  const system = useTestSystem();

  test('a reply admitted while the return waits on the record store is refused; the case is returned, not replied', async () => {
    const { number, workflowId } = (await system.api('/api/petitions', { body: registration() })).body;
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    // A due time a few seconds ahead: the handling deadline passes and is put under supervision.
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    expect((await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC', dueAt } })).status).toBe(200);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number } });
    const handle = system.temporal.workflow.getHandle(workflowId);
    // The clock's steps at the due instant (overdue mark, supervision, first escalation) are done and the workflow is
    // idle, waiting on its timer for the next step days ahead.
    await until(
      async () => ({
        last: (await handle.fetchHistory()).events?.at(-1)?.eventType,
        types: (await handle.query<PetitionState>('state')).timeline.map((entry) => entry.type),
      }),
      ({ last, types }) => last === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED && types.includes('escalated'),
    );
    // The documents the API would store first (the updates carry only their ids).
    const returnDocument = await system.prisma.petitionDocument.create({
      data: { petitionId: petition.id, kind: 'return', body: { reason: '不属于本部门职责' }, author: 'dept:YWC' },
    });
    const replyDocument = await system.prisma.petitionDocument.create({
      data: { petitionId: petition.id, kind: 'reply', body: { investigation: '调查', findings: '查明', opinion: '意见', result: '结果' }, author: 'dept:YWC' },
    });

    // Hold the supervision row: the return ends the overdue item's supervision and has to wait for the record store.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markLocked!: () => void;
    const locked = new Promise<void>((resolve) => (markLocked = resolve));
    const hold = system.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Supervision" WHERE "petitionId" = ${petition.id} FOR UPDATE`;
        markLocked();
        await released;
      },
      { timeout: 90_000, maxWait: 20_000 },
    );
    await locked;

    try {
      const returning = await handle.startUpdate(returnCaseUpdate, {
        args: [{ actor: 'dept:YWC', department: 'YWC', documentId: returnDocument.id }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      // The return is now waiting on the record store (its supervision closing is scheduled and cannot finish).
      await until(
        () => handle.fetchHistory(),
        (history) =>
          (history.events ?? []).some((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'closeSupervision'),
      );
      // The reply arrives meanwhile; its validator may still see the case as assigned to YWC.
      const replying = handle
        .startUpdate(replyUpdate, {
          args: [{ actor: 'dept:YWC', department: 'YWC', documentId: replyDocument.id }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        })
        .then((update) => update.result());
      const replyOutcome = outcomeOf(replying);
      // Let the reply be admitted (or refused at once) before the record store lets the return go on.
      await Promise.race([
        replyOutcome,
        until(
          () => handle.fetchHistory(),
          (history) =>
            (history.events ?? []).some(
              (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'reply',
            ),
        ),
      ]);
      release();
      await hold;

      const returned = await outcomeOf(returning.result());
      expect(returned.refusal).toBeUndefined();
      const replied = await replyOutcome;
      expect(replied.state).toBeUndefined();
      expectRefusal(replied.refusal);
    } finally {
      release();
      await hold.catch(() => undefined);
    }

    // One consistent outcome: returned to intake, never replied.
    const state = await handle.query<PetitionState>('state');
    expect(state.status).toBe('accepted');
    expect(state.leadDepartment).toBeUndefined();
    expect(state.repliedAt).toBeUndefined();
    expect(state.replyDocumentId).toBeUndefined();
    expect(state.timeline.map((entry) => entry.type)).not.toContain('replied');
    expect(state.timeline.at(-1)?.type).toBe('returned');
    expect((state.deadlines ?? []).filter((d) => d.status === 'open' || d.status === 'overdue')).toEqual([]);

    const row = await system.prisma.petition.findUniqueOrThrow({ where: { number }, include: { events: true } });
    expect(row.status).toBe('accepted');
    expect(row.leadDepartment).toBeNull();
    expect(row.events.map((e) => e.type)).not.toContain('replied');
    expect(row.events.map((e) => e.type)).toContain('returned');
    const supervision = await system.prisma.supervision.findFirstOrThrow({ where: { petitionId: petition.id, deadlineKind: 'handling' } });
    expect(supervision).toMatchObject({ status: 'closed', outcome: 'cancelled' });
  });

  test('accept and decline sent together: exactly one wins, the other is refused with 409', async () => {
    const { number } = (await system.api('/api/petitions', { body: registration({ channel: 'visit' }) })).body;
    const [accepted, declined] = await Promise.all([
      system.api(`/api/petitions/${number}/accept`, { body: {} }),
      system.api(`/api/petitions/${number}/decline`, { body: { reason: '不属于信访事项', redirectTo: '请向卫生健康委员会反映' } }),
    ]);
    expect([accepted.status, declined.status].sort()).toEqual([200, 409]);
    const loser = accepted.status === 409 ? accepted : declined;
    expect(loser.body.error).toMatch(/[\u4e00-\u9fff]/);
    const winner = accepted.status === 200 ? 'accepted' : 'declined';

    const detail = await system.api(`/api/petitions/${number}`);
    expect(detail.body.status).toBe(winner);
    const types = detail.body.events.map((e: { type: string }) => e.type);
    expect(types.filter((type: string) => type === 'accepted' || type === 'declined')).toEqual([winner]);
    // A refused decline leaves no document behind.
    expect(detail.body.documents.map((d: { kind: string }) => d.kind)).toEqual(winner === 'declined' ? ['decline'] : []);
  });

  test('two assignments sent together: one lead department, one assignment', async () => {
    const { number } = (await system.api('/api/petitions', { body: registration() })).body;
    expect((await system.api(`/api/petitions/${number}/accept`, { body: {} })).status).toBe(200);
    const [first, second] = await Promise.all([
      system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC' } }),
      system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'HLB' } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const lead = first.status === 200 ? 'YWC' : 'HLB';
    const detail = await system.api(`/api/petitions/${number}`);
    expect(detail.body.leadDepartment).toBe(lead);
    expect(detail.body.events.filter((e: { type: string }) => e.type === 'assigned')).toHaveLength(1);
    const handling = detail.body.deadlines.filter((d: { kind: string }) => d.kind === 'handling');
    expect(handling.map((d: { department: string }) => d.department)).toEqual([lead]);
  });
});
