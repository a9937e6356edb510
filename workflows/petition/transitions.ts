import { ApplicationFailure } from '@temporalio/workflow';
import { satisfactionLevels, statuses, type PetitionStatus } from '../domain/catalog';
import type {
  AssignCommand,
  DeclineCommand,
  FeedbackCommand,
  PetitionState,
  ReplyCommand,
} from './messages';

/**
 * Update validators: pure checks of a command against the current state. A refusal is an ApplicationFailure of type
 * InvalidTransition whose message is Chinese first, then English, so the API can pass it on as-is.
 */

export function refuse(reasonZh: string, reasonEn: string, type = 'InvalidTransition'): never {
  throw ApplicationFailure.create({ message: `${reasonZh} (${reasonEn})`, type, nonRetryable: true });
}

function requireStatus(state: PetitionState, action: string, allowed: PetitionStatus[]): void {
  if (allowed.includes(state.status)) return;
  const allowedZh = allowed.map((s) => `“${statuses[s]}”`).join('或');
  refuse(
    `当前状态为“${statuses[state.status]}”，只有${allowedZh}状态才能${action}`,
    `${action} requires status ${allowed.join(' or ')}, current status is ${state.status}`,
  );
}

function requireText(value: string | undefined, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse(`缺少 ${field}`, `${field} is required`);
}

export function validateAccept(state: PetitionState): void {
  requireStatus(state, '受理', ['registered']);
}

export function validateDecline(state: PetitionState, command: DeclineCommand): void {
  requireStatus(state, '不予受理', ['registered']);
  requireText(command.documentId, 'documentId');
}

export function validateAssign(state: PetitionState, command: AssignCommand, now: Date): void {
  requireStatus(state, '交办', ['accepted']);
  requireText(command.leadDepartment, 'leadDepartment');
  if (command.cooperatingDepartments.includes(command.leadDepartment)) {
    refuse('牵头部门不能同时作为协办部门', 'leadDepartment must not also be a cooperating department');
  }
  if (new Set(command.cooperatingDepartments).size !== command.cooperatingDepartments.length) {
    refuse('协办部门重复', 'cooperatingDepartments contains duplicates');
  }
  if (command.dueAt !== undefined) {
    const due = Date.parse(command.dueAt);
    if (Number.isNaN(due)) refuse('办理期限不是有效时间', 'dueAt is not a valid instant');
    if (due <= now.getTime()) refuse('办理期限必须晚于当前时间', 'dueAt must be in the future');
  }
}

export function validateReply(state: PetitionState, command: ReplyCommand): void {
  requireStatus(state, '承办答复', ['assigned']);
  requireText(command.documentId, 'documentId');
  if (command.department !== state.leadDepartment) {
    refuse(
      `只有牵头部门（${state.leadDepartment}）可以提交答复`,
      `only the lead department ${state.leadDepartment} may reply, got ${command.department}`,
    );
  }
}

export function validateFeedback(state: PetitionState, command: FeedbackCommand): void {
  requireStatus(state, '反馈', ['replied']);
  if (!Object.prototype.hasOwnProperty.call(satisfactionLevels, command.satisfaction)) {
    refuse('满意度取值无效', `satisfaction must be one of ${Object.keys(satisfactionLevels).join(', ')}`);
  }
}

export function validateArchive(state: PetitionState): void {
  requireStatus(state, '归档', ['fed_back', 'declined']);
}
