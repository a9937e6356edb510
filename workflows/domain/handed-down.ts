/**
 * Matters handed down from above (上级交办, 12345/市长热线转办, issue 16): the authority's own deadline for the matter
 * and its reporting duty (办结报告 / 回复工单). One home for the channels that carry one, the record's shape (codes,
 * a reference number and instants only: it travels in the workflow input) and the report's reminder steps. Safe in
 * workflows.
 */
import type { Channel } from './catalog';

/** The channels whose registration records the authority, its reference number, its deadline and reporting duty. */
export const handedDownChannels: readonly Channel[] = ['higher_authority', 'hotline_12345'];

export function isHandedDownChannel(channel: string): boolean {
  return (handedDownChannels as readonly string[]).includes(channel);
}

/** What the registration recorded (no personal data): the workflow runs on it. */
export interface HandedDownMatter {
  /** The authority's code in hospital configuration (authorities[].code). */
  authority: string;
  /** The authority's 交办文号 / 工单号. */
  referenceNumber: string;
  /** The authority's deadline for the matter (instant); the petition runs on it when it is earlier than the policy's. */
  dueAt: string;
  /** The 办结报告's due instant; absent when the authority asked for no report. */
  reportDueAt?: string;
}

/** Reminders to the 信访办 before the 办结报告 is due (not repeated when the report went out before them). */
export const authorityReportReminders = [
  { id: 'report-3d', beforeMs: 3 * 86_400_000, label: '距办结报告期限还有3日' },
  { id: 'report-1d', beforeMs: 86_400_000, label: '距办结报告期限还有1日' },
] as const;
