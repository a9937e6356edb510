import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface LinkSettings {
  signingKey: Buffer;
  /** Where mail readers reach the system, e.g. https://xinfang.example-hospital.cn */
  publicBaseUrl: string;
  /** A link stays valid this many days after the due time it was issued for. */
  validDaysAfterDue: number;
  /** For links issued without a due time (a leader's approval link). */
  validDaysWithoutDue: number;
}

const environmentSchema = z.object({
  /** At least 32 characters; in production set it (a secret store), so every API and worker process signs alike. */
  LINK_SIGNING_KEY: z.string().min(32, 'LINK_SIGNING_KEY must be at least 32 characters').optional(),
  LINK_VALID_DAYS_AFTER_DUE: z.coerce.number().int().min(0).max(365).default(7),
  LINK_VALID_DAYS_WITHOUT_DUE: z.coerce.number().int().min(1).max(365).default(14),
});

const KEY_FILE = 'link-signing.key';

/** In development the key is generated once and kept in DATA_DIR, so mailed links survive restarts. */
function persistedKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 43) return Buffer.from(stored, 'base64url');
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64url') + '\n', { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600);
  return key;
}

export function loadLinkSettings(env: NodeJS.ProcessEnv, dataDir: string, publicBaseUrl: string): LinkSettings {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`配置错误 (invalid environment): ${problems}`);
  }
  const e = parsed.data;
  return {
    signingKey: e.LINK_SIGNING_KEY ? Buffer.from(e.LINK_SIGNING_KEY, 'utf8') : persistedKey(dataDir),
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    validDaysAfterDue: e.LINK_VALID_DAYS_AFTER_DUE,
    validDaysWithoutDue: e.LINK_VALID_DAYS_WITHOUT_DUE,
  };
}
