/**
 * From a record-store row to the domain's overdue facts (./overdue.ts); pure, so activities and services share it.
 * The workflow copies its deadlines to Petition.deadlines with every transition; this file only reads that copy, so
 * every view decides overdue with the same functions over the same facts. Two record-store details are settled here, once:
 * - the row's dueAt column is the lead department's current due instant; where it differs from the copy it wins, so a
 *   correction of the column is seen by every view alike;
 * - rows without a copy (written before the copy existed, or imported) are described from their columns: one handling
 *   deadline of the lead department, met when the petition was finished, marked overdue when the row is flagged.
 */
import { isClosedStatus } from './closure';
import {
  deadlineKindLabels,
  deadlineStatusLabels,
  type DeadlineFact,
  type PetitionFacts,
} from './overdue';

/** The columns a petition row contributes. */
export interface RecordedPetition {
  status: string;
  leadDepartment: string | null;
  dueAt: Date | null;
  /** The workflow marked it overdue at some point. */
  overdue: boolean;
  /** 办结 (workflows/domain/closure.ts finishedAt), when known. */
  finishedAt?: Date | null;
  closedAt?: Date | null;
  receivedAt?: Date | null;
  /** Petition.deadlines: the workflow's copy. */
  deadlines?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const optionalString = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The stored copy, read defensively (it is JSON); unknown shapes are dropped. */
export function storedDeadlineFacts(json: unknown): DeadlineFact[] {
  if (!Array.isArray(json)) return [];
  const facts: DeadlineFact[] = [];
  for (const item of json) {
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.dueAt !== 'string') continue;
    if (typeof item.kind !== 'string' || !(item.kind in deadlineKindLabels)) continue;
    if (typeof item.status !== 'string' || !(item.status in deadlineStatusLabels)) continue;
    const fact: DeadlineFact = { id: item.id, kind: item.kind as DeadlineFact['kind'], dueAt: item.dueAt, status: item.status as DeadlineFact['status'] };
    for (const key of ['department', 'stage', 'pausedAt', 'overdueAt', 'closedAt', 'rule'] as const) {
      const value = optionalString(item[key]);
      if (value) fact[key] = value;
    }
    facts.push(fact);
  }
  return facts;
}

function fromColumns(row: RecordedPetition): DeadlineFact[] {
  if (!row.leadDepartment || !row.dueAt) {
    // Flagged before any department had it: the acceptance decision was late.
    if (row.overdue && !row.leadDepartment && !isClosedStatus(row.status) && row.status === 'registered') {
      const dueAt = (row.receivedAt ?? row.dueAt ?? new Date(0)).toISOString();
      return [{ id: 'acceptance', kind: 'acceptance', dueAt, status: 'overdue' }];
    }
    return [];
  }
  const dueAt = row.dueAt.toISOString();
  const fact: DeadlineFact = { id: `handling:${row.leadDepartment}`, kind: 'handling', department: row.leadDepartment, dueAt, status: 'open' };
  const endedAt = row.finishedAt ?? (isClosedStatus(row.status) ? row.closedAt ?? null : null);
  if (row.finishedAt) fact.status = 'met';
  else if (isClosedStatus(row.status)) fact.status = 'cancelled';
  else if (['replied', 'fed_back'].includes(row.status)) fact.status = 'met';
  else if (row.overdue) fact.status = 'overdue';
  if (endedAt) fact.closedAt = endedAt.toISOString();
  if (row.overdue) fact.overdueAt = dueAt;
  return [fact];
}

/** The petition's overdue facts from its row. */
export function petitionFactsOf(row: RecordedPetition): PetitionFacts {
  const stored = storedDeadlineFacts(row.deadlines);
  const closedAt = row.closedAt ?? null;
  if (stored.length === 0) return { status: row.status, deadlines: fromColumns(row), closedAt };
  const dueColumn = row.dueAt?.toISOString();
  const deadlines = stored.map((fact) => {
    const leads = (fact.kind === 'handling' || fact.kind === 'reviewAnswer') && fact.department === row.leadDepartment;
    const running = fact.status === 'open' || fact.status === 'overdue';
    return dueColumn && leads && running && fact.dueAt !== dueColumn ? { ...fact, dueAt: dueColumn } : fact;
  });
  return { status: row.status, deadlines, closedAt };
}

