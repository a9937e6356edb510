/**
 * Which chinese-days release the shipped schedule is, as the texts cite it ("chinese-days@1.5.7 覆盖2004–2026年")
 * and calendar versions name it. Plain constants, so a workflow can word a deadline's warning without evaluating the
 * schedule itself; test/unit/deadlines/schedule-release.test.ts fails when the installed package says otherwise
 * (after an upgrade, update them with it).
 */
export const CHINESE_DAYS_VERSION = '1.5.7';
/** The first and last year the release's official schedule covers. */
export const SHIPPED_FIRST_YEAR = 2004;
export const SHIPPED_LAST_YEAR = 2026;
