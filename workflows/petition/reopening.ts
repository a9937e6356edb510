/**
 * 重新处理 (医疗机构投诉管理办法: a complaint is handled again when the petitioner brings new facts or evidence): after
 * the answer, the intake office records the new material and the matter goes back to the departments it was
 * assigned to, each with a fresh 签收 and a fresh handling limit counted from the day the material arrived; their
 * reply is reviewed and answered again like the first. Only policies that say so (review.reopenOnNewEvidence).
 */
import { handleUpdate, type PetitionContext } from './context';
import { leadHandlingDueAt } from './deadline-book';
import { openReopenedDeadlines } from './deadline-lifecycle';
import { reopenUpdate } from './messages';
import { validateReopen } from './validators';

export function installReopeningHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, reopenUpdate, (command) => void validateReopen(state, command, ctx.policy), async (command) => {
    const receivedOn = validateReopen(state, command, ctx.policy);
    openReopenedDeadlines(ctx, receivedOn);
    // A new round: the departments sign again, and their new reply goes to the 信访办's review again.
    delete state.acknowledgements;
    delete state.replyReview;
    state.dueAt = leadHandlingDueAt(state);
    const key = await ctx.transition(
      'reopened',
      command.actor,
      { status: 'assigned', ...(state.dueAt ? { dueAt: state.dueAt } : {}) },
      { receivedOn, leadDepartment: state.leadDepartment, cooperatingDepartments: state.cooperatingDepartments ?? [], dueAt: state.dueAt ?? null },
      command.documentId,
    );
    ctx.queueNotice({ kind: 'assignment', departmentCode: state.leadDepartment!, departmentRole: 'lead' }, key);
    for (const code of state.cooperatingDepartments ?? []) ctx.queueNotice({ kind: 'assignment', departmentCode: code, departmentRole: 'cooperating' }, key);
  });
}
