/** Sign-in settings derived from the parsed environment (services/config.ts): sessions, the API token, lookup tries. */
import type { Settings } from '../config';

/** The documented initial password of the embedded dev setup (PGlite, no DATABASE_URL). Never used with a real database. */
export const EMBEDDED_DEV_PASSWORD = 'xinfang-dev-2026';

export interface AuthSettings {
  apiToken?: string;
  /** What API-token calls are recorded under on the audit trail: `service:<API_TOKEN_SERVICE>`. */
  serviceActor: string;
  /** Initial password for staff without one; undefined when none may be assumed (real database, nothing given). */
  initialPassword?: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  secureCookies: boolean;
  lookupRateLimit: number;
  lookupRateWindowMs: number;
}

export function authSettingsFrom(settings: Settings): AuthSettings {
  return {
    apiToken: settings.API_TOKEN,
    serviceActor: `service:${settings.API_TOKEN_SERVICE}`,
    initialPassword: settings.CONSOLE_DEFAULT_PASSWORD ?? (settings.DATABASE_URL ? undefined : EMBEDDED_DEV_PASSWORD),
    sessionIdleMs: settings.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: settings.SESSION_ABSOLUTE_HOURS * 3_600_000,
    secureCookies: settings.publicBaseUrl.startsWith('https:'),
    lookupRateLimit: settings.LOOKUP_RATE_LIMIT,
    lookupRateWindowMs: settings.LOOKUP_RATE_WINDOW_MINUTES * 60_000,
  };
}
