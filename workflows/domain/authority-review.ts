/**
 * Review by the authority above (复查 / 复核, 信访工作条例 第三十五条, issue 16): the petitioner asks the next level up
 * (复查: the hospital's supervising 卫生健康委员会; 复核: one level above it), which answers within 30 days of receiving
 * the request, 听证 time not counted. The hospital records the request, sends the case file, records the authority's
 * receipt and tracks the answer; it does not review itself. One home for which configured authority reviews which
 * stage, the 信访办's reminders on the authority's deadline and the words every text uses. Safe in workflows.
 */

/** The review stages an authority in hospital configuration may be marked for (authorities[].reviews). */
export const reviewStageTitles = {
  recheck: '复查',
  reexamination: '复核',
} as const;
export type ReviewStage = keyof typeof reviewStageTitles;

export function reviewStageTitle(stage: string | undefined): string {
  return stage === 'reexamination' ? reviewStageTitles.reexamination : reviewStageTitles.recheck;
}

/** An authority above as configured: code, name, mailbox, and the review stage it answers (if any). */
export interface ReviewingAuthority {
  code: string;
  name: string;
  email?: string;
  reviews?: string;
}

/** The authority that answers a stage: the one named on the request, else the one configured for the stage. */
export function reviewingAuthority<A extends ReviewingAuthority>(authorities: readonly A[] | undefined, stage: string | undefined, code?: string): A | undefined {
  const list = authorities ?? [];
  return (code ? list.find((a) => a.code === code) : undefined) ?? list.find((a) => a.reviews === (stage ?? 'recheck'));
}

/**
 * The 信访办's reminders on the authority's answer deadline: 3 days before it (at once when the receipt was recorded
 * later than that), and when it has passed (the office asks the authority). Never a 督办 item, never the president:
 * answering is the authority's duty.
 */
export const authorityReviewReminders = [
  { id: 'review-3d', beforeMs: 3 * 86_400_000, label: '上级机关复查（复核）答复期限将在3日内届满', passed: false },
  { id: 'review-due', beforeMs: 0, label: '上级机关复查（复核）答复期限已届满，请向上级机关了解办理情况', passed: true },
] as const;

/** The basis a hearing pause is recorded with (the deadline's explanation names it). */
export const HEARING_BASIS = '听证（信访工作条例第三十五条：听证所需时间不计算在内）';
