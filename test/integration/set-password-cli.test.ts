/**
 * The password tool an operator runs (services/auth/set-password-cli.ts), on a database of its own (a fresh PGlite
 * directory): the new password and its audit row (password.set, by the OS account, for the staff member) commit
 * together; an unknown staff member changes nothing and leaves no row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../services/db';

const root = path.join(__dirname, '../..');

describe('set-password-cli', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'password-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'error', NEW_PASSWORD: 'Cli-Password-2026' };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'services/auth/set-password-cli.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };

  test('a password set from the command line is on the audit trail; an unknown staff member changes nothing', async () => {
    // The first run migrates the fresh database; the staff come from the hospital configuration only with `npm start`,
    // so a staff member is created here before the tool sets the password.
    expect(run('nobody').code).toBe(1);
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      await database.prisma.staffMember.create({ data: { id: 'cli-admin', name: '测试管理员', role: 'admin', email: 'cli-admin@example.com' } });
      expect(await database.prisma.auditLog.count({ where: { action: 'password.set' } })).toBe(0);
    } finally {
      await database.close();
    }
    const set = run('cli-admin');
    expect(set.out).toContain('已设置 cli-admin 的密码');
    expect(set.code).toBe(0);
    const after = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      const rows = await after.prisma.auditLog.findMany({ where: { action: 'password.set' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ outcome: 'ok', subject: 'staff:cli-admin', via: 'set-password-cli' });
      expect(rows[0].actor).toMatch(/^cli:/);
      expect((await after.prisma.staffMember.findUniqueOrThrow({ where: { id: 'cli-admin' } })).passwordHash).toBeTruthy();
    } finally {
      await after.close();
    }
  });
});
