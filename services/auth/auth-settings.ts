import { z } from 'zod';

/** The documented initial password of the embedded dev setup (PGlite, no DATABASE_URL). Never used with a real database. */
export const EMBEDDED_DEV_PASSWORD = 'xinfang-dev-2026';

const authEnvironmentSchema = z.object({
  API_TOKEN: z.string().min(16, 'API_TOKEN 至少 16 个字符').optional(),
  CONSOLE_DEFAULT_PASSWORD: z.string().min(8).max(72).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOOKUP_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  LOOKUP_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  DATABASE_URL: z.string().optional(),
});

export interface AuthSettings {
  apiToken?: string;
  /** Initial password for staff without one; undefined when none may be assumed (real database, nothing given). */
  initialPassword?: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  secureCookies: boolean;
  lookupRateLimit: number;
  lookupRateWindowMs: number;
}

export function loadAuthSettings(env: NodeJS.ProcessEnv, publicBaseUrl: string): AuthSettings {
  const parsed = authEnvironmentSchema.safeParse({ ...env, API_TOKEN: env.API_TOKEN || undefined, CONSOLE_DEFAULT_PASSWORD: env.CONSOLE_DEFAULT_PASSWORD || undefined });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`配置错误 (invalid environment): ${problems}`);
  }
  const e = parsed.data;
  return {
    apiToken: e.API_TOKEN,
    initialPassword: e.CONSOLE_DEFAULT_PASSWORD ?? (e.DATABASE_URL ? undefined : EMBEDDED_DEV_PASSWORD),
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    secureCookies: publicBaseUrl.startsWith('https:'),
    lookupRateLimit: e.LOOKUP_RATE_LIMIT,
    lookupRateWindowMs: e.LOOKUP_RATE_WINDOW_MINUTES * 60_000,
  };
}
