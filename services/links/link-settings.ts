import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config';

export interface LinkSettings {
  signingKey: Buffer;
  /** Where mail readers reach the system, e.g. https://xinfang.example-hospital.cn */
  publicBaseUrl: string;
  /** A link stays valid this many days after the due time it was issued for. */
  validDaysAfterDue: number;
  /** For links issued without a due time (a leader's approval link). */
  validDaysWithoutDue: number;
}

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

/** The link settings of the parsed environment (services/config.ts); without LINK_SIGNING_KEY, the key kept in DATA_DIR. */
export function linkSettingsFrom(settings: Settings): LinkSettings {
  return {
    signingKey: settings.LINK_SIGNING_KEY ? Buffer.from(settings.LINK_SIGNING_KEY, 'utf8') : persistedKey(settings.DATA_DIR),
    publicBaseUrl: settings.publicBaseUrl.replace(/\/+$/, ''),
    validDaysAfterDue: settings.LINK_VALID_DAYS_AFTER_DUE,
    validDaysWithoutDue: settings.LINK_VALID_DAYS_WITHOUT_DUE,
  };
}
