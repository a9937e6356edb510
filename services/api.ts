/**
 * `npm run api`: the HTTP API alone, for the split deployment (docker-compose.yml). It migrates and seeds the
 * database, registers the search attributes, starts workflows of petitions stored before a crash, and serves the API
 * with /healthz, /readyz and /metrics. Workers run in their own processes (services/worker.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { databaseTargetFromEnv } from '../infra/db/target';
import { buildHttpApp, linkServiceFor } from './composition';
import { loadSettings } from './config';
import { openAndMigrate } from './db';
import { loadHospitalConfig, seedHospital } from './hospital-config';
import { createLogger } from './observability/logging';
import { createPetitionMetrics } from './observability/metrics';
import { requireEnv, runUntilSignalled } from './observability/process-runner';
import { registerSearchAttributes } from './observability/search-attributes';

const settings = loadSettings();
const log = createLogger(settings.LOG_LEVEL, 'petitions-api');

runUntilSignalled('api', log, async (onStop) => {
  requireEnv(process.env, ['DATABASE_URL', 'TEMPORAL_ADDRESS']);
  const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
  const database = await openAndMigrate(databaseTargetFromEnv(process.env));
  onStop(() => database.close());
  if (database.applied.length > 0) log.info({ applied: database.applied }, 'applied migrations');
  await seedHospital(database.prisma, hospital);

  const connection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS! });
  onStop(() => connection.close());
  const temporal = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
  await registerSearchAttributes(connection, settings.TEMPORAL_NAMESPACE, log);

  // Activity failures are counted by the worker processes; the API's registry has the petition gauges.
  const metrics = createPetitionMetrics(database.prisma);
  const links = linkServiceFor(database.prisma, settings, process.env);
  const app = await buildHttpApp({
    settings, env: process.env, hospital, prisma: database.prisma, temporal, log, links, metrics,
    temporalUiUrl: settings.TEMPORAL_UI_URL,
  });
  const host = process.env.HOST ?? '0.0.0.0';
  const server = app.listen(settings.PORT, host, () => log.info({ host, port: settings.PORT }, 'api listening'));
  onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
});
