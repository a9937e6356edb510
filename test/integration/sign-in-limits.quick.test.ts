/**
 * Sign-in limits per account and per address (issue 14): successes are not counted, five failures lock the account
 * even against the right password until an admin lifts the lock, and one address's failures do not shut out the
 * accounts that did not fail (a proxy without TRUST_PROXY gives every staff member the same address). Every attempt
 * is on the audit trail.
 */
import { useTestSystem } from '../support/system';
import { postForm, sessionOf, signIn } from '../support/staff-session';

describe('sign-in limits', () => {
  const system = useTestSystem();

  test('successful sign-ins do not use up any budget', async () => {
    for (let i = 0; i < 35; i += 1) expect((await signIn(system, 'intake01')).status).toBe(303);
  });

  test('five failures lock the account, the right password included, until an admin lifts the lock', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn(system, 'ywc01', 'wrong-password')).status).toBe(401);
    const locked = await signIn(system, 'ywc01');
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('锁定');
    // The same address, another account: not shut out.
    expect((await signIn(system, 'xnk01')).status).toBe(303);

    const admin = await sessionOf(system, 'admin01');
    const page = await (await fetch(`${system.apiUrl}/console/admin/passwords`, { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain('data-unlock="ywc01"');
    const lifted = await postForm(system, '/console/admin/unlock', { _csrf: admin.csrf, staffId: 'ywc01' }, { cookie: admin.cookie });
    expect(lifted.status).toBe(303);
    expect((await signIn(system, 'ywc01')).status).toBe(303);

    const rows = await system.prisma.auditLog.findMany({ where: { subject: 'staff:ywc01' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ...Array(5).fill(['sign-in', 'failed']), ['sign-in', 'locked'], ['sign-in.unlock', 'ok'], ['sign-in', 'ok'],
    ]);
    expect(rows[0].ip).toBeTruthy();
    expect(rows.find((r) => r.action === 'sign-in.unlock')?.actor).toBe('staff:admin01');
  });

  test('an address with many failures may not go on trying failed accounts; accounts without failures still sign in', async () => {
    for (let i = 0; i < 30; i += 1) await signIn(system, `nobody-${i}`, 'guess');
    expect((await signIn(system, 'leader-med', 'wrong-password')).status).toBe(401);
    const limited = await signIn(system, 'leader-med');
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('此地址');
    expect((await signIn(system, 'president')).status).toBe(303);
  });
});
