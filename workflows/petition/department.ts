/**
 * What a department (承办部门) does with an assigned petition: confirm it has the assignment (签收), reply (承办答复,
 * a draft 处理意见书 the 信访办 reviews before the petitioner is answered; see intake.ts),
 * ask for more time (申请延期) and hand a case that is not theirs back to intake (退回).
 */
import { patched } from '@temporalio/workflow';
import { handleUpdate, type PetitionContext } from './context';
import { meetDeadlines } from './deadline-book';
import { cancelAssignmentDeadlines, onReplied, onRepliedForReview } from './deadline-lifecycle';
import { acknowledgeUpdate, replyUpdate, requestExtensionUpdate, returnCaseUpdate } from './messages';
import { validateAcknowledge, validateReply, validateRequestExtension, validateReturnCase } from './validators';

export function installDepartmentHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, acknowledgeUpdate, (command) => validateAcknowledge(state, command), async (command) => {
    const at = new Date().toISOString();
    (state.acknowledgements ??= {})[command.department] = at;
    meetDeadlines(state, (r) => r.kind === 'acknowledgement' && r.department === command.department, new Date(at));
    await ctx.transition('acknowledged', command.actor, {}, { department: command.department });
  });

  handleUpdate(ctx, replyUpdate, (command) => validateReply(state, command), async (command) => {
    state.repliedAt = new Date().toISOString();
    state.replyDocumentId = command.documentId;
    if (patched('reply-review')) {
      // Review before answer: the reply is a draft 处理意见书 for the 信访办; nothing goes to the petitioner yet.
      await onRepliedForReview(ctx);
      state.replyReview = { status: 'pending', replyDocumentId: command.documentId, returns: state.replyReview?.returns ?? 0 };
      await ctx.transition(
        'replied',
        command.actor,
        { status: 'replied' },
        { department: command.department, documentId: command.documentId, review: true },
        command.documentId,
      );
      return;
    }
    await onReplied(ctx);
    const key = await ctx.transition(
      'replied',
      command.actor,
      { status: 'replied' },
      { department: command.department, documentId: command.documentId },
      command.documentId,
    );
    ctx.queueNotice({ kind: 'reply' }, key);
  });

  handleUpdate(ctx, requestExtensionUpdate, (command) => validateRequestExtension(state, command, ctx.policy, ctx.calendar), async (command) => {
    state.pendingExtension = { ...command, requestedAt: new Date().toISOString() };
    const key = await ctx.transition('extension_requested', command.actor, {}, { department: command.department, days: command.days }, command.documentId);
    // The leader in charge decides; the mail carries the approval link.
    ctx.queueNotice({ kind: 'extension-request', departmentCode: command.department, documentId: command.documentId }, key);
  });

  handleUpdate(ctx, returnCaseUpdate, (command) => validateReturnCase(state, command), async (command) => {
    await cancelAssignmentDeadlines(ctx);
    const previous = state.leadDepartment;
    state.leadDepartment = undefined;
    state.cooperatingDepartments = [];
    state.dueAt = undefined;
    state.acknowledgements = {};
    delete state.pendingExtension;
    await ctx.transition(
      'returned',
      command.actor,
      { status: 'accepted', leadDepartment: null, cooperatingDepartments: [], dueAt: null },
      { department: command.department, previousLeadDepartment: previous },
      command.documentId,
    );
  });
}
