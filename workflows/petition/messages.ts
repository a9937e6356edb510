import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Category, Channel, PetitionStatus, Satisfaction } from '../domain/catalog';

/**
 * Everything that crosses into Temporal history: ids, codes and instants only. Names, contact details and free text
 * (reasons, findings) stay in the record store and travel as document ids.
 */
export interface PetitionWorkflowInput {
  number: string;
  petitionId: string;
  channel: Channel;
  category: Category;
  peopleCount: number;
  anonymous: boolean;
  policyId: string;
  receivedAt: string;
  registeredBy: string;
}

/** `actor` is a staff id (`staff:<id>`), a department (`dept:<code>`) or `system`. */
export interface AcceptCommand {
  actor: string;
}
export interface DeclineCommand {
  actor: string;
  documentId: string;
}
export interface AssignCommand {
  actor: string;
  leadDepartment: string;
  cooperatingDepartments: string[];
  dueAt?: string;
}
export interface ReplyCommand {
  actor: string;
  department: string;
  documentId: string;
}
export interface FeedbackCommand {
  actor: string;
  satisfaction: Satisfaction;
  documentId?: string;
}
export interface ArchiveCommand {
  actor: string;
}

export interface TimelineEntry {
  type: string;
  at: string;
  actor: string;
}

export interface PetitionState {
  number: string;
  petitionId: string;
  status: PetitionStatus;
  policyId: string;
  channel: Channel;
  category: Category;
  peopleCount: number;
  anonymous: boolean;
  receivedAt: string;
  acceptedAt?: string;
  declinedAt?: string;
  assignedAt?: string;
  repliedAt?: string;
  fedBackAt?: string;
  archivedAt?: string;
  leadDepartment?: string;
  cooperatingDepartments: string[];
  dueAt?: string;
  replyDocumentId?: string;
  satisfaction?: Satisfaction;
  timeline: TimelineEntry[];
}

/** Failure types the API maps to HTTP 409 (the transition is refused, the petition is unchanged). */
export const refusalTypes = ['InvalidTransition', 'UnknownDepartment'] as const;

export const acceptUpdate = defineUpdate<PetitionState, [AcceptCommand]>('accept');
export const declineUpdate = defineUpdate<PetitionState, [DeclineCommand]>('decline');
export const assignUpdate = defineUpdate<PetitionState, [AssignCommand]>('assign');
export const replyUpdate = defineUpdate<PetitionState, [ReplyCommand]>('reply');
export const feedbackUpdate = defineUpdate<PetitionState, [FeedbackCommand]>('feedback');
export const archiveUpdate = defineUpdate<PetitionState, [ArchiveCommand]>('archive');
export const petitionStateQuery = defineQuery<PetitionState>('state');

// ---- Deadlines, departments' links and review (statutory limits issue; link pages issue) ----

/** 签收: the department confirms it has the assignment. */
export interface AcknowledgeCommand {
  actor: string;
  department: string;
}
/** A department asks for more time; the reason is a document. A leader decides. */
export interface RequestExtensionCommand {
  actor: string;
  department: string;
  days: number;
  documentId: string;
}
export interface DecideExtensionCommand {
  actor: string;
  approve: boolean;
  /** Optional note from the leader (why refused, conditions). */
  documentId?: string;
}
/** 退回: the department says the matter is not theirs; back to intake for a new assignment. */
export interface ReturnCaseCommand {
  actor: string;
  department: string;
  documentId: string;
}
/** 补充材料: the clock stops while the petitioner supplies missing material. */
export interface PauseClockCommand {
  actor: string;
  documentId: string;
}
export interface ResumeClockCommand {
  actor: string;
}
/** 复查 / 复核 requested by the petitioner after the reply. */
export interface RequestReviewCommand {
  actor: string;
  documentId: string;
}
/** 领导包案: a leader takes ownership of a major case. */
export interface TakeOwnershipCommand {
  actor: string;
}

export const acknowledgeUpdate = defineUpdate<PetitionState, [AcknowledgeCommand]>('acknowledge');
export const requestExtensionUpdate = defineUpdate<PetitionState, [RequestExtensionCommand]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<PetitionState, [DecideExtensionCommand]>('decideExtension');
export const returnCaseUpdate = defineUpdate<PetitionState, [ReturnCaseCommand]>('returnCase');
export const pauseClockUpdate = defineUpdate<PetitionState, [PauseClockCommand]>('pauseClock');
export const resumeClockUpdate = defineUpdate<PetitionState, [ResumeClockCommand]>('resumeClock');
export const requestReviewUpdate = defineUpdate<PetitionState, [RequestReviewCommand]>('requestReview');
export const takeOwnershipUpdate = defineUpdate<PetitionState, [TakeOwnershipCommand]>('takeOwnership');
