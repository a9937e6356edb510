/**
 * 催办 and 督办意见 (issue 13: the 督办 board had no actions): a leader or the 信访办 urges a department now, outside the policy's
 * reminder chain. The department is mailed through the existing notice pipeline (the 督办提醒 reminder notice, to its
 * handler mailbox, with its running deadline and how late it is) and the timeline records who urged. Behind
 * patch URGE_COMMAND: a history without it never ran the command. 督办意见 (patch INSTRUCT_COMMAND): a leader's
 * written instruction, stored as a document, mailed to the department (督办意见通知) and shown on the petition page.
 */
import { patched } from '@temporalio/workflow';
import { handleUpdate, type PetitionContext } from './context';
import { runningHandlingDeadline } from './deadline-book';
import { instructUpdate, urgeUpdate, type UrgeCommand } from './messages';
import type { PetitionState } from './state';
import { refuse } from './validators';

export const URGE_COMMAND = 'urge-command';
export const INSTRUCT_COMMAND = 'instruct-command';

export function validateUrge(state: PetitionState, command: Pick<UrgeCommand, 'department'>, action = '催办'): void {
  if (state.status !== 'assigned') refuse(`只有“已交办”的信访事项才能${action}`, `${action} requires status assigned, current status is ${state.status}`);
  if (![state.leadDepartment, ...state.cooperatingDepartments].includes(command.department)) {
    refuse(`该部门不是本事项的承办部门，不能${action}`, `department ${command.department} is not assigned to this petition`);
  }
  if (!runningHandlingDeadline(state, command.department)) {
    refuse(`该部门已办结本事项（或暂无办理期限），无需${action}`, `no running handling deadline for ${command.department}`);
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

  handleUpdate(ctx, instructUpdate, (command) => validateUrge(state, command, '提出督办意见'), async (command) => {
    if (!patched(INSTRUCT_COMMAND)) refuse('督办意见尚未启用', 'instruct is not available in this run');
    const record = runningHandlingDeadline(state, command.department)!;
    const key = await ctx.transition('instructed', command.actor, {}, { department: command.department }, command.documentId);
    ctx.queueNotice({ kind: 'supervision-instruction', departmentCode: command.department, documentId: command.documentId, dueAt: record.dueAt }, key);
  });
}
