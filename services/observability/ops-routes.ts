import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import type { PrismaClient } from '../../generated/prisma/client';
import { checkReadiness } from './health';

export interface OpsRoutesContext {
  prisma: PrismaClient;
  temporal: Client;
  /** Absent: GET /metrics answers 404 (e.g. a process that serves metrics elsewhere). */
  metrics?: Registry;
}

/** GET /healthz (the process is alive), /readyz (database and Temporal answer), /metrics (Prometheus text). */
export function opsRoutes(context: OpsRoutesContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await checkReadiness(context.prisma, context.temporal);
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', checks: report.checks });
  });
  router.get('/metrics', async (_req, res) => {
    if (!context.metrics) {
      res.status(404).json({ error: 'metrics are not served here' });
      return;
    }
    const body = await context.metrics.metrics();
    res.type(context.metrics.contentType).send(body);
  });
  return router;
}
