/**
 * The fuzz corpus at the form routes (issue 14): console sign-in, registration, every command form, the admin
 * password and unlock forms, the audit filter, the department/leader link forms, the petitioner's lookup and the
 * 台账 upload, as URL-encoded forms (valid and broken %-escapes, NUL, invalid UTF-8) and as multipart bodies (text
 * parts with the same, file parts with random bytes). Only 2xx, 3xx and 4xx may come back, never a 5xx, and no
 * petition row appears from a refused request. `FUZZ_SEED=<n>` replays a run.
 */
import fc from 'fast-check';
import { commandList } from '../../services/petitions/command-catalog';
import { useTestSystem } from '../support/system';
import { sessionOf } from '../support/staff-session';

const TOTAL_CASES = 240;

const hostileText = fc.oneof(
  fc.constantFrom("'; DROP TABLE \"Petition\"; --", '<script>alert(1)</script>', '\u0000', 'a\u0000b', '\ud800', '\u202e\ufeff', '𠮷野家🏥', '', ' ', 'XF-2026-000001', 'YWC', 'x'.repeat(70_000)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const rawEscape = fc.constantFrom('%00', '%FF', '%C0%AF', '%ED%A0%80', '%E4%BF', '%', '%zz', '+', '&&', '==', '%2500');
const fieldName = fc.oneof(
  fc.constantFrom('staffId', 'password', 'next', 'channel', 'category', 'content', 'anonymous', 'petitioner.name', 'reason', 'days', 'department', 'leadDepartment', 'token', 'number', 'code', 'step', 'number', 'person', 'from', 'to', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);
/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD's bytes, as a browser would send it). */
const pct = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** name=value pairs, some values percent-encoded text, some raw escapes that may not decode. */
const formBody = fc
  .array(fc.tuple(fieldName, fc.oneof(hostileText.map(pct), rawEscape, fc.tuple(hostileText, rawEscape).map(([t, e]) => `${pct(t)}${e}`))), { maxLength: 8 })
  .map((pairs) => pairs.map(([name, value]) => `${pct(name)}=${value}`).join('&'));

const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';
const multipartBody = fc
  .array(
    fc.tuple(fieldName, fc.boolean(), fc.oneof(hostileText.map((t) => Buffer.from(t, 'utf8')), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)))),
    { maxLength: 5 },
  )
  .map((parts) =>
    Buffer.concat([
      ...parts.map(([name, isFile, content]) =>
        Buffer.concat([
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '')}"${isFile ? '; filename="台账.xlsx"' : ''}\r\n\r\n`),
          content,
          Buffer.from('\r\n'),
        ]),
      ),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]),
  );

describe('hostile form and multipart bodies', () => {
  const system = useTestSystem({ RATE_LIMIT_LINKS_PER_MINUTE: '100000', RATE_LIMIT_LOOKUP_PER_MINUTE: '100000', LOOKUP_RATE_LIMIT: '10000' });

  test('no form route answers 5xx', async () => {
    const { body } = await system.api('/api/petitions', { body: { channel: 'visit', category: 'medical_quality', anonymous: true, content: '候诊时间过长' }, headers: { 'x-staff-id': 'intake01' } });
    const number = body.number as string;
    const intake = await sessionOf(system, 'intake01');
    const admin = await sessionOf(system, 'admin01');
    const routes = [
      { path: '/console/login', who: undefined },
      { path: '/console/register', who: intake },
      ...commandList.map((c) => ({ path: `/console/petitions/${number}/${c.slug}`, who: intake })),
      { path: '/console/admin/passwords', who: admin },
      { path: '/console/admin/unlock', who: admin },
      { path: '/console/ledger-import', who: intake },
      { path: `/links/${number}/reply`, who: undefined },
      { path: `/links/${number}/requestExtension`, who: undefined },
      { path: '/lookup', who: undefined },
    ];
    const petitionsBefore = await system.prisma.petition.count();
    const failures: string[] = [];
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 1_000_000;
    const cases = fc.sample(
      fc.tuple(fc.constantFrom(...routes), fc.boolean(), formBody, multipartBody, fc.boolean()),
      { numRuns: TOTAL_CASES, seed },
    );
    for (const [route, multipart, form, parts, withCsrf] of cases) {
      const headers: Record<string, string> = { origin: system.apiUrl };
      if (route.who) headers.cookie = route.who.cookie;
      const csrf = route.who && withCsrf ? route.who.csrf : '';
      let payload: string | Buffer;
      if (multipart) {
        headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
        payload = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`), parts]);
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = `_csrf=${csrf}&${form}`;
      }
      const response = await fetch(`${system.apiUrl}${route.path}`, { method: 'POST', headers, body: payload, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status >= 500) failures.push(`${response.status} ${route.path} ${multipart ? 'multipart' : 'form'}: ${(multipart ? parts.toString('latin1') : form).slice(0, 200)}`);
    }
    if (failures.length) throw new Error(`seed ${seed}: ${failures.length} answers were 5xx:\n${failures.slice(0, 10).join('\n')}`);
    // Only the one petition registered above, plus any the fuzzed registration form legitimately created.
    const created = await system.prisma.petition.findMany({ where: { number: { not: number } }, select: { content: true } });
    for (const petition of created) expect(petition.content.includes(String.fromCharCode(0))).toBe(false);
    expect(petitionsBefore).toBeGreaterThanOrEqual(1);
  });
});
