/**
 * A link token has one spelling. base64url leaves unused bits in the last character of a part whose length is not a
 * multiple of three bytes (the 32-byte signature: 4 bits used, 2 unused), so a neighbouring character decodes to the same bytes;
 * such a second string must not verify as the same token.
 */
import { randomBytes } from 'node:crypto';
import { readLinkToken, signLinkToken } from '../../services/links/link-tokens';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The other spellings of a last base64url character that decode to the same bits (`keep` significant bits). */
function twins(last: string, keep: number): string[] {
  const value = alphabet.indexOf(last);
  const mask = 0b111111 & ~((1 << (6 - keep)) - 1);
  return [...alphabet].filter((c) => c !== last && (alphabet.indexOf(c) & mask) === (value & mask));
}

describe('link token encoding', () => {
  const key = randomBytes(32);
  const token = signLinkToken(key, { jti: 'abcdefghijklmnopqrstuvwx', number: 'XF-2026-000123', subject: 'dept:YWC', purpose: 'handle', expiresAt: new Date('2030-01-01T00:00:00Z') });

  test('the token as signed verifies', () => {
    expect(readLinkToken(key, token)?.number).toBe('XF-2026-000123');
  });

  test('a signature spelled with different unused bits is refused', () => {
    const [payload, signed] = token.split('.');
    const variants = twins(signed.at(-1)!, 4).map((c) => `${payload}.${signed.slice(0, -1)}${c}`);
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      expect(Buffer.from(variant.split('.')[1], 'base64url').equals(Buffer.from(signed, 'base64url'))).toBe(true);
      expect(readLinkToken(key, variant)).toBeUndefined();
    }
  });

  test('padding characters or a payload spelled differently are refused', () => {
    const [payload, signed] = token.split('.');
    expect(readLinkToken(key, `${payload}.${signed}=`)).toBeUndefined();
    expect(readLinkToken(key, `${payload}=.${signed}`)).toBeUndefined();
  });
});
