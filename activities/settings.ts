/**
 * What every activity module shares and receives from the composition root: the clock and the hospital's notice
 * settings. Its own module, so the activity modules and activities/index.ts do not import each other.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NoticeSettings {
  hospitalName: string;
  /** Where people reach the system from outside (mail links), e.g. https://xinfang.example-hospital.cn */
  publicBaseUrl: string;
  /**
   * The authorities above (上级机关, 12345) from hospital configuration, with the mailbox their 办结报告 and review case
   * files go to; `reviews`: the review stage (复查 recheck, 复核 reexamination) the authority answers.
   */
  authorities?: ReadonlyArray<{ code: string; name: string; email: string; reviews?: string }>;
}
