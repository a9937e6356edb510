/**
 * Sets a staff member's console password: `npx tsx services/auth/set-password-cli.ts <staffId>` reads the new
 * password from the environment variable NEW_PASSWORD (so it stays out of shell history and `ps`).
 * Uses DATABASE_URL, or the embedded PGlite directory of `npm start` (stop the system first: PGlite has one user).
 */
import { userInfo } from 'node:os';
import { recordAudit } from '../audit/audit-trail';
import { settingsOrExit } from '../config';
import { databaseTargetOf, openAndMigrate } from '../db';
import { setStaffPassword } from './passwords';

async function main(): Promise<void> {
  const [staffId] = process.argv.slice(2);
  const settings = settingsOrExit('tools');
  const password = settings.NEW_PASSWORD;
  if (!staffId || !password) {
    console.error('用法 (usage): NEW_PASSWORD=<新密码> npx tsx services/auth/set-password-cli.ts <staffId>');
    process.exit(2);
  }
  const database = await openAndMigrate(databaseTargetOf(settings));
  try {
    // On the audit trail like the console's password form, in the same transaction: who ran it is the OS account.
    const operator = `cli:${userInfo().username}`;
    await setStaffPassword(database.prisma, staffId, password, (db) =>
      recordAudit(db, { actor: operator.slice(0, 80), action: 'password.set', outcome: 'ok', subject: `staff:${staffId}`, via: 'set-password-cli' }),
    );
    console.log(`已设置 ${staffId} 的密码 (password set; the person's sessions were ended)`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error('设置密码失败 (failed):', error instanceof Error ? error.message : error);
  process.exit(1);
});
