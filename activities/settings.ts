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
}
