/**
 * Leadership alerts (重要信访提醒): the reasons, one table with their labels, and the one rule deciding them from the
 * petition's non-personal facts. Whether the petitioner petitioned before (重复访) is looked up in the record store
 * at registration; only the resulting code travels. Safe in workflows.
 */
import { isKeyOf } from './keys';
import { collectivePetitionThreshold } from './catalog';

export const alertReasonLabels = {
  collective: '集体访',
  repeat: '重复访',
  levelSkipping: '越级访',
} as const;
export type AlertReason = keyof typeof alertReasonLabels;
export const alertReasonCodes = Object.keys(alertReasonLabels) as AlertReason[];

export function isAlertReason(value: unknown): value is AlertReason {
  return isKeyOf(alertReasonLabels, value);
}

export interface AlertFacts {
  peopleCount: number;
  channel: string;
  /** The same petitioner or text within the repeat window (decided against the record store). */
  repeat?: boolean;
  /** The petitioner went over the hospital's head (besides channel higher_authority). */
  levelSkipping?: boolean;
}

/** The reasons, sorted, each once. */
export function decideAlertReasons(facts: AlertFacts, known: readonly string[] = []): AlertReason[] {
  const reasons = new Set<AlertReason>(known.filter(isAlertReason));
  if (facts.peopleCount >= collectivePetitionThreshold) reasons.add('collective');
  if (facts.repeat) reasons.add('repeat');
  if (facts.levelSkipping || facts.channel === 'higher_authority') reasons.add('levelSkipping');
  return [...reasons].sort();
}

export function alertReasonLabel(reason: string): string {
  return isAlertReason(reason) ? alertReasonLabels[reason] : reason;
}
