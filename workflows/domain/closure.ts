/**
 * Closed versus finished (办结). A petition is closed when nothing more happens to it: declined (不予受理) or archived.
 * It is finished (办结) when the matter was dealt with: the written reply was fed back to the petitioner, or the case
 * was archived after acceptance (a declined petition is closed but never finished). Reports count finished petitions
 * for 办结率 and 按期办结率; the boards and the clock stop at closed ones. Safe in workflows.
 */
export const closedStatuses = ['declined', 'archived'] as const;

export function isClosedStatus(status: string): boolean {
  return (closedStatuses as readonly string[]).includes(status);
}

type Instant = Date | string | null | undefined;

export interface FinishFacts {
  acceptedAt?: Instant;
  fedBackAt?: Instant;
  archivedAt?: Instant;
}

/** When the petition was finished (办结), or null. */
export function finishedAt(facts: FinishFacts): Date | null {
  if (facts.fedBackAt) return new Date(facts.fedBackAt);
  if (facts.acceptedAt && facts.archivedAt) return new Date(facts.archivedAt);
  return null;
}

export function isFinished(facts: FinishFacts): boolean {
  return finishedAt(facts) !== null;
}
