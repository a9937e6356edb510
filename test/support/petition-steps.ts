/**
 * What the integration tests send to register a petition: the fields every registration shares, and a phone number
 * no earlier run has used (the same phone seen before, in a PostgreSQL kept between runs, makes a repeat petition).
 */

/** A mobile number with the given 3-digit prefix and 8 random digits. */
export function freshPhone(prefix: string): string {
  return `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/**
 * A registration builder: a named letter from one person about medical quality, with the file's own petitioner and
 * content (made anew for each petition) and each call's overrides on top.
 */
export function registrationWith(own: () => Record<string, unknown>): (overrides?: Record<string, unknown>) => Record<string, unknown> {
  return (overrides = {}) => ({
    channel: 'letter',
    category: 'medical_quality',
    anonymous: false,
    peopleCount: 1,
    ...own(),
    ...overrides,
  });
}
