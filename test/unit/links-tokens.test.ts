import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeRemaining, departmentPage } from '../../services/links/link-pages';
import { loadSettings } from '../../services/config';
import { linkSettingsFrom } from '../../services/links/link-settings';
import { deterministicJti, readLinkToken, signLinkToken, type LinkClaims } from '../../services/links/link-tokens';

const key = Buffer.from('k'.repeat(32));
const claims: LinkClaims = { jti: 'abc123', number: 'XF-2026-000001', subject: 'dept:YWC', purpose: 'reply', expiresAt: new Date('2026-12-01T00:00:00Z') };

describe('link tokens', () => {
  test('a signed token reads back to its claims', () => {
    expect(readLinkToken(key, signLinkToken(key, claims))).toEqual(claims);
  });

  test('a leader link signs the request it was minted for: reading it back names it, and it cannot be swapped', () => {
    const bound: LinkClaims = { ...claims, subject: 'staff:leader-med', purpose: 'decideExtension', reference: 'doc-request-1' };
    const token = signLinkToken(key, bound);
    expect(readLinkToken(key, token)).toEqual(bound);
    const [, signature] = token.split('.');
    const swapped = Buffer.from(JSON.stringify({ j: 'abc123', n: 'XF-2026-000001', s: 'staff:leader-med', p: 'decideExtension', e: 1796083200, r: 'doc-request-2' })).toString('base64url');
    expect(readLinkToken(key, `${swapped}.${signature}`)).toBeUndefined();
  });

  test('any change to payload or signature, or another key, is refused', () => {
    const token = signLinkToken(key, claims);
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ j: 'abc123', n: 'XF-2026-000002', s: 'dept:YWC', p: 'reply', e: 1796083200 })).toString('base64url');
    expect(readLinkToken(key, `${forged}.${signature}`)).toBeUndefined();
    const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(readLinkToken(key, `${payload}.${flipped}`)).toBeUndefined();
    expect(readLinkToken(Buffer.from('x'.repeat(32)), token)).toBeUndefined();
    for (const junk of ['', 'a.b.c', token + '.', 42, undefined, 'x'.repeat(2000)]) expect(readLinkToken(key, junk)).toBeUndefined();
  });

  test('an unknown purpose in a correctly signed token is refused', () => {
    const token = signLinkToken(key, { ...claims, purpose: 'archive' as never });
    expect(readLinkToken(key, token)).toBeUndefined();
  });

  test('the same idempotency key gives the same jti, another key another', () => {
    expect(deterministicJti(key, 'n:1:assignment:YWC')).toBe(deterministicJti(key, 'n:1:assignment:YWC'));
    expect(deterministicJti(key, 'n:1:assignment:YWC')).not.toBe(deterministicJti(key, 'n:1:assignment:XNK'));
  });
});

describe('link settings', () => {
  test('without LINK_SIGNING_KEY a key is generated once, kept private in DATA_DIR and reused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'link-key-'));
    try {
      const first = linkSettingsFrom(loadSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://localhost:3000/' }));
      const second = linkSettingsFrom(loadSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://localhost:3000' }));
      expect(first.signingKey.equals(second.signingKey)).toBe(true);
      expect(first.signingKey.length).toBe(32);
      expect(statSync(path.join(dir, 'link-signing.key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(path.join(dir, 'link-signing.key'), 'utf8').trim().length).toBeGreaterThan(40);
      expect(first.publicBaseUrl).toBe('http://localhost:3000');
      expect(first.validDaysAfterDue).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a configured key wins; a short one is a configuration error', () => {
    const configured = linkSettingsFrom(loadSettings({ LINK_SIGNING_KEY: 's'.repeat(40), LINK_VALID_DAYS_AFTER_DUE: '3', DATA_DIR: '/nonexistent', PUBLIC_BASE_URL: 'https://x.cn' }));
    expect(configured.signingKey.toString()).toBe('s'.repeat(40));
    expect(configured.validDaysAfterDue).toBe(3);
    expect(() => linkSettingsFrom(loadSettings({ LINK_SIGNING_KEY: 'short', DATA_DIR: '/nonexistent', PUBLIC_BASE_URL: 'https://x.cn' }))).toThrow(/LINK_SIGNING_KEY/);
  });
});

describe('link pages', () => {
  test('time left and overdue read in Chinese', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    expect(describeRemaining(new Date('2026-11-25T05:00:00Z'), now)).toEqual({ text: '剩余 2天5小时', overdue: false });
    expect(describeRemaining(new Date('2026-11-22T21:00:00Z'), now)).toEqual({ text: '已逾期 3小时', overdue: true });
  });

  test('petition text is escaped and the petitioner appears only when given', () => {
    const base = {
      hospitalName: '某医院', number: 'XF-2026-000001', departmentName: '医务处', role: 'lead' as const, category: '医疗质量',
      channel: '来访', matter: '<script>alert(1)</script>"<img src=x onerror=alert(2)>', complainedAbout: ['<b>医生</b>'],
      statusLabel: '已交办', now: new Date(), forms: { reply: 'tok"en' },
    };
    const html = departmentPage(base);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('id="confidentiality"');
    const consented = departmentPage({ ...base, petitioner: { name: '张伟', phone: '13800138000' } });
    expect(consented).toContain('张伟');
    expect(consented).not.toContain('id="confidentiality"');
  });
});
