export type { RenderedMail } from './letter';
export { render as renderAcceptanceNotice, type AcceptanceNoticeData } from './acceptance-notice';
export { render as renderDeclineNotice, type DeclineNoticeData } from './decline-notice';
export {
  render as renderAssignmentSlip,
  type AssignmentSlipData,
  type AssignmentRole,
  type ConsentedPetitionerContact,
} from './assignment-slip';
export { render as renderReplyLetter, type ReplyLetterData } from './reply-letter';
export { render as renderExtensionNotice, type ExtensionNoticeData } from './extension-notice';
export { render as renderExtensionRequest, type ExtensionRequestMailData } from './extension-request';
export { render as renderExtensionDecision, type ExtensionDecisionData } from './extension-decision';
export { render as renderLeadershipAlert, type LeadershipAlertData } from './leadership-alert';
export { render as renderReminder, type ReminderData } from './reminder';
export { render as renderEscalation, type EscalationData } from './escalation';
export {
  RECIPIENT_ROLE_LABELS,
  type SupervisionNoticeData,
  type SupervisionRecipientRole,
} from './supervision';
export { render as renderSupervisionInstruction, type SupervisionInstructionData } from './supervision-instruction';
export { renderClockPaused, renderClockResumed, type ClockPausedData, type ClockResumedData } from './clock-stop';
export {
  render as renderReviewCaseFile,
  renderReminder as renderAuthorityReviewReminder,
  type ReviewCaseFileData,
  type AuthorityReviewReminderData,
} from './review-case-file';
