/**
 * 催办 (issue 13: the 督办 board had no actions): a leader or the 信访办 urges a department now, outside the policy's
 * reminder chain. The department is mailed through the existing notice pipeline (the 督办提醒 reminder notice, to its
 * handler mailbox, with its running deadline and how late it is) and the timeline records who urged. Behind
 * patch URGE_COMMAND: a history without it never ran the command.
 */
import { patched } from '@temporalio/workflow';
import { handleUpdate, type PetitionContext } from './context';
import { runningHandlingDeadline } from './deadline-book';
import { urgeUpdate, type UrgeCommand } from './messages';
import type { PetitionState } from './state';
import { refuse } from './validators';

export const URGE_COMMAND = 'urge-command';

export function validateUrge(state: PetitionState, command: UrgeCommand): void {
  if (state.status !== 'assigned') refuse('只有“已交办”的信访事项才能催办', `urge requires status assigned, current status is ${state.status}`);
  if (![state.leadDepartment, ...state.cooperatingDepartments].includes(command.department)) {
    refuse('该部门不是本事项的承办部门，不能催办', `department ${command.department} is not assigned to this petition`);
  }
  if (!runningHandlingDeadline(state, command.department)) {
    refuse('该部门已办结本事项（或暂无办理期限），无需催办', `no running handling deadline for ${command.department}`);
  }
}

export function installUrgingHandlers(ctx: PetitionContext): void {
  const { state } = ctx;
  handleUpdate(ctx, urgeUpdate, (command) => validateUrge(state, command), async (command) => {
    if (!patched(URGE_COMMAND)) refuse('催办尚未启用', 'urge is not available in this run');
    const record = runningHandlingDeadline(state, command.department)!;
    const acknowledged = Boolean(state.acknowledgements?.[command.department]);
    const key = await ctx.transition('urged', command.actor, {}, { department: command.department, deadlineId: record.id });
    ctx.queueNotice(
      { kind: 'reminder', departmentCode: command.department, role: 'handler', dueAt: record.dueAt, stepLabel: acknowledged ? '承办' : '签收及承办' },
      key,
    );
  });
}
