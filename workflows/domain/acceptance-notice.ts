/**
 * 受理告知书 as a duty of its own (issue 16): the written notice of acceptance must reach the petitioner within the
 * policy's limit (信访工作条例: 15 days from receipt). An e-mail counts as delivered on its send date; a petitioner
 * without e-mail is sent the printed letter by post or handed it, and staff record that. One home for how it may be
 * recorded by hand and for the 信访办's reminders while it is still owed. Safe in workflows.
 */
import type { DeliveryMethod } from './catalog';

/** What staff record by hand: the e-mail is recorded by the workflow when it goes out. */
export const manualAcceptanceNoticeMethods = ['post', 'in_person'] as const satisfies readonly DeliveryMethod[];
export type ManualAcceptanceNoticeMethod = (typeof manualAcceptanceNoticeMethods)[number];

export function isManualAcceptanceNoticeMethod(value: unknown): value is ManualAcceptanceNoticeMethod {
  return (manualAcceptanceNoticeMethods as readonly unknown[]).includes(value);
}

/**
 * The 信访办's reminders once the acceptance mail found no address: at once (print and post it), and one day before
 * the limit passes (skipped when that instant was already behind when the mail found no address).
 */
export const acceptanceNoticeReminders = {
  noEmail: { id: 'no-email', label: '信访人未留电子邮箱，请打印受理告知书邮寄或当面送达，并登记寄出日期' },
  oneDayBefore: { id: 'notice-1d', beforeMs: 86_400_000, label: '距受理告知书送达期限还有1日' },
} as const;
