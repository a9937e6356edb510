/**
 * Signing staff in to the console over HTTP, as a browser would: the session cookie and the page's CSRF token, so
 * tests can call pages, forms and the JSON API as a given person.
 */
import type { TestSystem } from './system';

export const TEST_PASSWORD = 'test-password-123';

export interface StaffSession {
  status: number;
  cookie: string;
  setCookie: string;
  location: string;
  text: string;
}

export async function signIn(system: TestSystem, staffId: string, password = TEST_PASSWORD, extraHeaders: Record<string, string> = {}): Promise<StaffSession> {
  const response = await fetch(`${system.apiUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders },
    body: new URLSearchParams({ staffId, password, next: '/console/ledger' }),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, setCookie, cookie: setCookie.split(';')[0], location: response.headers.get('location') ?? '', text: await response.text() };
}

/** The CSRF token the console renders for this session. */
export async function csrfOf(system: TestSystem, cookie: string): Promise<string> {
  const page = await (await fetch(`${system.apiUrl}/console/ledger`, { headers: { cookie } })).text();
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A signed-in person's cookie and CSRF token; fails the test when the sign-in does not succeed. */
export async function sessionOf(system: TestSystem, staffId: string): Promise<{ cookie: string; csrf: string }> {
  const session = await signIn(system, staffId);
  if (session.status !== 303) throw new Error(`sign-in of ${staffId} answered ${session.status}: ${session.text.slice(0, 200)}`);
  return { cookie: session.cookie, csrf: await csrfOf(system, session.cookie) };
}

/** A form post as the console sends it (same origin), without following the redirect. */
export async function postForm(system: TestSystem, pathname: string, form: string | Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${system.apiUrl}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.apiUrl, ...headers },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
  });
  return { status: response.status, location: response.headers.get('location') ?? '', headers: response.headers, text: await response.text() };
}
