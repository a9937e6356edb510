/**
 * U+0000 in a form body (which PostgreSQL text cannot hold) is refused with 400 and a Chinese reason on every form
 * route — console sign-in and commands, department/leader links, the petitioner's lookup — never a 500, and the
 * refusal comes before anything reads or writes the record store.
 */
import { useTestSystem } from '../support/system';

describe('a NUL character in a form body', () => {
  const system = useTestSystem();

  const formPost = async (pathname: string, form: string) => {
    const response = await fetch(`${system.apiUrl}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.apiUrl },
      body: form,
      redirect: 'manual',
    });
    return { status: response.status, text: await response.text() };
  };

  test.each([
    ['console sign-in', '/console/login', 'staffId=intake%00&password=x'],
    ['admin password form', '/console/admin/passwords', 'staffId=x%00y&password=abcdefghijkl'],
    ['console register', '/console/register', 'channel=visit&content=a%00b'],
    ['console pause', '/console/petitions/XF-2026-000001/pause', 'reason=a%00b'],
    ['link requestExtension', '/links/XF-2026-000001/requestExtension', 't=x&days=3&reason=a%00b'],
    ['petitioner lookup', '/lookup', 'number=XF-2026-000001&code=a%00b'],
  ])('%s answers 400 with the reason', async (_route, pathname, form) => {
    const before = await system.prisma.petition.count();
    const answer = await formPost(pathname, form);
    expect({ status: answer.status, saysWhy: answer.text.includes('空字符') }).toEqual({ status: 400, saysWhy: true });
    expect(await system.prisma.petition.count()).toBe(before);
  });
});
