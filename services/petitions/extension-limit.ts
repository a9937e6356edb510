/**
 * The policy's extension limit in staff words, for the forms that ask for an extension (issue 13: a form allowed 365
 * days without saying the limit is 30): the policy's own sentence, what is left for this department after the days
 * already granted, and the most a form field should offer. The workflow's validator still has the last word.
 */
import type { Policy } from '../../workflows/deadlines';
import type { PetitionState } from '../../workflows/petition/messages';

export interface ExtensionLimit {
  /** e.g. "延长不超过30日（已批准10日，最多还可申请20日）". */
  text: string;
  /** The most days one request may ask for now, when the policy counts added calendar days. */
  maxDays?: number;
  /** The policy allows no extension at all. */
  none: boolean;
}

/** `policy`: the petition's pinned version (activities/policy-text.ts pinnedPolicy); none known, no sentence. */
export function extensionLimitOf(policy: Policy | undefined, state: Pick<PetitionState, 'extensionDaysGranted'> | undefined, department: string): ExtensionLimit {
  if (!policy) return { text: '', none: false };
  const rules = policy.extension;
  if (!rules) return { text: '本事项适用的办理规定未规定延期。', none: true };
  const granted = state?.extensionDaysGranted?.[department] ?? 0;
  // The policy's sentence names the cap (e.g. 延长不超过30日, 总期限不超过60日); what is left is counted here.
  const maxDays = rules.maxAdditional?.unit === 'calendarDays' ? Math.max(0, rules.maxAdditional.amount - granted) : undefined;
  const parts = [`按规定：${rules.label}。`];
  if (granted > 0) parts.push(`已批准延长${granted}日${maxDays !== undefined ? `，最多还可申请${maxDays}日` : ''}。`);
  return { text: parts.join(''), ...(maxDays !== undefined ? { maxDays } : {}), none: false };
}
