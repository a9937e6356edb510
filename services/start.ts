import { loadSettings } from './config';
import { startSystem } from './system';

/** `npm start`: the whole system on embedded defaults, or on the real servers the environment names. */
async function main(): Promise<void> {
  const settings = loadSettings();
  const system = await startSystem(settings);
  const lines = [
    '医院信访系统已启动 (petition system is up)',
    `  API / 控制台:     ${system.apiUrl}`,
    `  Temporal:         ${system.temporalAddress}`,
    system.temporalUiUrl ? `  Temporal UI:      ${system.temporalUiUrl}` : undefined,
    system.inboxUrl ? `  邮件收件箱 inbox:  ${system.inboxUrl}  (SMTP ${system.catcher?.smtpUrl})` : '  SMTP:             SMTP_URL',
    `  数据库 database:   ${system.database}`,
    '按 Ctrl-C 停止 (Ctrl-C stops everything)',
  ].filter(Boolean);
  console.log(lines.join('\n'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    system.log.info({ signal }, 'stopping');
    system.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('启动失败 (failed to start):', error);
  process.exit(1);
});
