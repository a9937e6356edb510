/**
 * The benchmark's mail catcher in its own process: the repo's SMTP catcher (services/mail/catcher.ts) holding up to a
 * million messages, its JSON API at http://127.0.0.1:<port>/inbox/api/messages (each with receivedAt and the
 * X-Idempotency-Key header, which the report reads for mail lag per notice kind). Prints one JSON line when ready.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { startMailCatcher } from '../../services/mail/catcher';

async function main(): Promise<void> {
  const catcher = await startMailCatcher({ maxMessages: 1_000_000 });
  const app = express();
  app.use('/inbox', catcher.router());
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(JSON.stringify({ smtpUrl: catcher.smtpUrl, inboxUrl: `http://127.0.0.1:${port}/inbox` }));
  });
  const stop = () => {
    server.close();
    void catcher.stop();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
