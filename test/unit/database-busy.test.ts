/**
 * Under an intake burst the database may not start a registration's transaction in time (Prisma P2028, measured at
 * 100 arrivals/s in `npm run bench`): nothing is stored then, so the API answers 503 with Retry-After and a reason in
 * Chinese instead of a 500 (services/api/http-errors.ts). Checked through a real express server and a real
 * PrismaClientKnownRequestError.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Prisma } from '../../generated/prisma/client';
import { DATABASE_BUSY_RETRY_AFTER_SECONDS, jsonErrorHandler } from '../../services/api/http-errors';

function prismaError(code: string) {
  return new Prisma.PrismaClientKnownRequestError('Transaction API error: Unable to start a transaction in the given time.', { code, clientVersion: 'test' });
}

describe('a database too busy to answer in time', () => {
  const logged: string[] = [];
  const app = express();
  app.post('/busy/:code', async (req) => {
    throw prismaError(req.params.code);
  });
  app.use(jsonErrorHandler({ error: (_obj, msg) => logged.push(msg) }));
  let base = '';
  let server: ReturnType<typeof app.listen>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  test.each(['P2028', 'P2024', 'P1001'])('%s: 503, Retry-After and a Chinese reason saying nothing was stored', async (code) => {
    const response = await fetch(`${base}/busy/${code}`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
    expect(((await response.json()) as { error: string }).error).toMatch(/系统繁忙.*未保存/);
  });

  test('any other database error stays a 500 and is logged as unhandled', async () => {
    const response = await fetch(`${base}/busy/P2010`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(logged).toContain('unhandled error');
  });
});
