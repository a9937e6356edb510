/**
 * The mail relay of the production-like cluster (infra/cluster/start.sh): the project's own SMTP catcher as a process
 * of its own, standing in for Mailpit of docker-compose.yml (no image registry here). Workers reach it through
 * SMTP_URL like any relay; its inbox (HTML at /, JSON at /api/messages) is what the cluster tests read.
 *   node --import tsx infra/cluster/mail-catcher.ts <smtp port> <http port>
 * Listens on 127.0.0.1 only (it accepts any sender and offers no TLS). Prints "READY <inbox url>" when up.
 */
import express from 'express';
import { startMailCatcher } from '../../services/mail/catcher';

async function main(): Promise<void> {
  const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
  if (!Number.isInteger(smtpPort) || !Number.isInteger(httpPort)) throw new Error('usage: mail-catcher.ts <smtp port> <http port>');
  const catcher = await startMailCatcher({ smtpPort, host: '127.0.0.1' });
  const app = express();
  app.disable('x-powered-by');
  app.use('/', catcher.router());
  const server = app.listen(httpPort, '127.0.0.1', () => process.stdout.write(`READY http://127.0.0.1:${httpPort}/ (${catcher.smtpUrl})\n`));
  const stop = () => {
    server.close();
    void catcher.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('mail catcher failed to start:', error);
  process.exit(1);
});
