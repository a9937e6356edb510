/** What a hospital leader does: decide a department's extension request (延期审批) and take ownership of a case (包案). */
import { patched } from '@temporalio/workflow';
import { deciderRefusal } from '../domain/extension-decider';
import { extensionDecider, staffRoleOf } from './activity-proxies';
import { handleUpdate, type PetitionContext } from './context';
import { extendRunningDeadline, runningHandlingDeadline } from './deadline-book';
import { decideExtensionUpdate, takeOwnershipUpdate } from './messages';
import { refuse, validateDecideExtension, validateTakeOwnership } from './validators';

/**
 * 第三十四条 as the policy has it (patch bound-extension-decision): only the party the policy names decides, the
 * petitioner's 延期告知书 goes out only when the matter's own deadline moved, and the department hears the decision
 * either way. Runs decided before the patch keep the old path: any leader, a letter for every approval, no notice.
 */
export const BOUND_EXTENSION_DECISION = 'bound-extension-decision';

/** Leaders approve extensions and own cases; the record store knows who is a leader. */
async function requireLeader(actor: string, action: string): Promise<void> {
  const staffId = actor.startsWith('staff:') ? actor.slice('staff:'.length) : undefined;
  const role = staffId ? await staffRoleOf(staffId) : null;
  if (role !== 'leader' && role !== 'president') {
    refuse(`只有院领导可以${action}`, `only a hospital leader may ${action}; ${actor} is ${role ?? 'not a staff member'}`, 'NotAllowed');
  }
}

/** The one person configuration names for the policy's role (asked now: a leader reassigned since the request counts). */
async function requireNamedDecider(ctx: PetitionContext, actor: string, departmentCode: string): Promise<void> {
  const decider = await extensionDecider({ departmentCode, approvedBy: ctx.policy.extension?.approvedBy ?? 'leaderInCharge' });
  if (decider.staffId === null || actor !== `staff:${decider.staffId}`) {
    refuse(
      deciderRefusal(decider),
      `only ${decider.staffId ? `staff:${decider.staffId}` : 'a configured approver'} (${decider.approvedBy}) may decide ${departmentCode}'s extension request; got ${actor}`,
      'NotAllowed',
    );
  }
}

export function installLeadershipHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, decideExtensionUpdate, (command) => validateDecideExtension(state, command), async (command) => {
    const bound = patched(BOUND_EXTENSION_DECISION);
    if (bound) await requireNamedDecider(ctx, command.actor, state.pendingExtension!.department);
    else await requireLeader(command.actor, '审批延期');
    const request = state.pendingExtension!;
    delete state.pendingExtension;
    const record = runningHandlingDeadline(state, request.department);
    const matterDueBefore = state.dueAt;
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
    if (!bound) {
      if (approved && ctx.policy.extension?.petitionerToldReason) {
        ctx.queueNotice({ kind: 'extension', dueAt: record.dueAt, reasonDocumentId: request.documentId }, key);
      }
      return;
    }
    // The petitioner holds the matter's deadline only: a cooperating department's date is internal.
    if (approved && state.dueAt !== matterDueBefore && ctx.policy.extension?.petitionerToldReason) {
      ctx.queueNotice({ kind: 'extension', dueAt: state.dueAt!, reasonDocumentId: request.documentId }, key);
    }
    ctx.queueNotice(
      {
        kind: 'extension-decision',
        departmentCode: request.department,
        approved,
        // Approved by the leader, but the deadline had passed (or stopped) before the decision: not extended.
        ...(command.approve && !approved ? { lapsed: true } : {}),
        dueAt: record?.dueAt ?? null,
        requestDocumentId: request.documentId,
        ...(command.documentId ? { decisionDocumentId: command.documentId } : {}),
      },
      key,
    );
  });

  handleUpdate(ctx, takeOwnershipUpdate, (command) => validateTakeOwnership(state, command), async (command) => {
    await requireLeader(command.actor, '包案');
    state.owner = { actor: command.actor, at: new Date().toISOString() };
    await ctx.transition('ownership_taken', command.actor, {}, {});
  });
}
