/**
 * `npm run worker`: a Temporal worker alone, for the split deployment; run as many as the load needs. It expects the
 * API to have migrated the database. HTTP on METRICS_PORT (default 9100): /healthz, /readyz, /metrics with the
 * activity failure counter; WORKER_METRICS_BIND adds the SDK's own Prometheus exporter.
 */
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { createMailer } from '../activities/mail/mailer';
import { databaseTargetFromEnv } from '../infra/db/target';
import { linkServiceFor, startWorker } from './composition';
import { loadSettings } from './config';
import { openDatabase } from './db';
import { loadHospitalConfig } from './hospital-config';
import { createLogger } from './observability/logging';
import { createPetitionMetrics } from './observability/metrics';
import { opsRoutes } from './observability/ops-routes';
import { requireEnv, runUntilSignalled } from './observability/process-runner';
import { installTemporalRuntime } from './observability/temporal-runtime';

const settings = loadSettings();
const log = createLogger(settings.LOG_LEVEL, 'petitions-worker');

runUntilSignalled('worker', log, async (onStop) => {
  requireEnv(process.env, ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']);
  installTemporalRuntime(log, { metricsBindAddress: process.env.WORKER_METRICS_BIND });
  const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
  const database = await openDatabase(databaseTargetFromEnv(process.env));
  onStop(() => database.close());
  const mailer = createMailer({ smtpUrl: settings.SMTP_URL!, from: settings.MAIL_FROM });
  onStop(async () => mailer.close());

  const clientConnection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS! });
  onStop(() => clientConnection.close());
  const temporal = new Client({ connection: clientConnection, namespace: settings.TEMPORAL_NAMESPACE });
  const metrics = createPetitionMetrics(database.prisma);

  const links = linkServiceFor(database.prisma, settings, process.env);
  const { running, stop } = await startWorker({
    address: settings.TEMPORAL_ADDRESS!, settings, env: process.env, hospital, prisma: database.prisma, mailer, links, metrics,
  });
  running.catch((err: unknown) => {
    log.fatal({ err }, 'worker stopped');
    process.kill(process.pid, 'SIGTERM');
  });
  onStop(stop);

  const ops = express();
  ops.disable('x-powered-by');
  ops.use(opsRoutes({ prisma: database.prisma, temporal, metrics: metrics.registry }));
  const port = Number(process.env.METRICS_PORT ?? 9100);
  const server = ops.listen(port, process.env.HOST ?? '0.0.0.0');
  onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
});
