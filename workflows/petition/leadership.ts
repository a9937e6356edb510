/** What a hospital leader does: decide a department's extension request (延期审批) and take ownership of a case (包案). */
import { staffRoleOf } from './activity-proxies';
import { handleUpdate, type PetitionContext } from './context';
import { extendRunningDeadline, runningHandlingDeadline } from './deadline-book';
import { decideExtensionUpdate, takeOwnershipUpdate } from './messages';
import { refuse, validateDecideExtension, validateTakeOwnership } from './validators';

/** Leaders approve extensions and own cases; the record store knows who is a leader. */
async function requireLeader(actor: string, action: string): Promise<void> {
  const staffId = actor.startsWith('staff:') ? actor.slice('staff:'.length) : undefined;
  const role = staffId ? await staffRoleOf(staffId) : null;
  if (role !== 'leader' && role !== 'president') {
    refuse(`只有院领导可以${action}`, `only a hospital leader may ${action}; ${actor} is ${role ?? 'not a staff member'}`, 'NotAllowed');
  }
}

export function installLeadershipHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, decideExtensionUpdate, (command) => validateDecideExtension(state, command), async (command) => {
    await requireLeader(command.actor, '审批延期');
    const request = state.pendingExtension!;
    delete state.pendingExtension;
    const record = runningHandlingDeadline(state, request.department);
    // The deadline may have passed while the leader was deciding: an overdue deadline is not extended.
    const approved = command.approve && record?.status === 'open' && !record.pausedAt;
    if (approved) {
      extendRunningDeadline(record, request.days, `见延期申请（文书 ${request.documentId}）`, new Date(), ctx.calendar);
      const granted = (state.extensionDaysGranted ??= {});
      granted[request.department] = (granted[request.department] ?? 0) + request.days;
      if (request.department === state.leadDepartment) state.dueAt = record.dueAt;
    }
    const key = await ctx.transition(
      approved ? 'extension_approved' : 'extension_refused',
      command.actor,
      approved && request.department === state.leadDepartment ? { dueAt: state.dueAt } : {},
      { department: request.department, days: request.days, dueAt: record?.dueAt ?? null, requestDocumentId: request.documentId },
      command.documentId,
    );
    if (approved && ctx.policy.extension?.petitionerToldReason) {
      ctx.queueNotice({ kind: 'extension', dueAt: record.dueAt, reasonDocumentId: request.documentId }, key);
    }
  });

  handleUpdate(ctx, takeOwnershipUpdate, (command) => validateTakeOwnership(state, command), async (command) => {
    await requireLeader(command.actor, '包案');
    state.owner = { actor: command.actor, at: new Date().toISOString() };
    await ctx.transition('ownership_taken', command.actor, {}, {});
  });
}
