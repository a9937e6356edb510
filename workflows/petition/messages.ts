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
