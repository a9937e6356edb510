import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PrismaClient } from '../generated/prisma/client';
import { createMailer } from '../activities/mail/mailer';
import { databaseTargetFromEnv, describeTarget } from '../infra/db/target';
import { startTemporalDevServer } from '../infra/local/temporal';
import { petitionSearchAttributeTypes } from '../workflows/search-attributes';
import type { Settings } from './config';
import { buildHttpApp, linkServiceFor, startWorker } from './composition';
import type { LinkService } from './links/link-service';
import { openAndMigrate } from './db';
import { loadHospitalConfig, seedHospital } from './hospital-config';
import { startMailCatcher, type MailCatcher } from './mail/catcher';
import { createLogger } from './observability/logging';
import { createPetitionMetrics } from './observability/metrics';
import { registerSearchAttributes } from './observability/search-attributes';
import { installTemporalRuntime } from './observability/temporal-runtime';

export interface RunningSystem {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  inboxUrl?: string;
  database: string;
  catcher?: MailCatcher;
  temporal: Client;
  worker: Worker;
  log: Logger;
  /** The Prometheus registry behind GET /metrics. */
  metrics: Registry;
  /** The record store's client (the only one on PGlite), for tests that check rows directly. */
  prisma: PrismaClient;
  /** Signs and checks the links in department and leader mails. */
  links: LinkService;
  stop(): Promise<void>;
}

/**
 * The whole system in one process. Each embedded piece (Temporal dev server, PGlite, SMTP catcher) is used only
 * when its environment variable does not point at a real server.
 */
export async function startSystem(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<RunningSystem> {
  const log = createLogger(settings.LOG_LEVEL);
  // Before any connection: the Runtime is created with the first one. WORKER_METRICS_BIND serves the SDK's metrics.
  installTemporalRuntime(log, { metricsBindAddress: env.WORKER_METRICS_BIND });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => log.error({ err }, 'stop step failed'));
  };
  try {
    const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
    const target = databaseTargetFromEnv({ ...env, PGLITE_DIR: settings.PGLITE_DIR ?? path.join(settings.DATA_DIR, 'pglite') });
    const database = await openAndMigrate(target);
    stops.push(() => database.close());
    await seedHospital(database.prisma, hospital);
    const links = linkServiceFor(database.prisma, settings, env);

    let catcher: MailCatcher | undefined;
    let smtpUrl = settings.SMTP_URL;
    if (!smtpUrl) {
      catcher = await startMailCatcher({ smtpPort: settings.SMTP_CATCHER_PORT });
      stops.push(() => catcher!.stop());
      smtpUrl = catcher.smtpUrl;
    }
    const mailer = createMailer({ smtpUrl, from: settings.MAIL_FROM });
    stops.push(async () => mailer.close());

    let temporalAddress = settings.TEMPORAL_ADDRESS;
    let temporalUiUrl = settings.TEMPORAL_UI_URL;
    if (!temporalAddress) {
      const devServer = await startTemporalDevServer({
        dbFile: path.join(settings.DATA_DIR, 'temporal.db'),
        port: settings.TEMPORAL_PORT,
        uiPort: settings.TEMPORAL_UI_PORT,
        searchAttributes: petitionSearchAttributeTypes,
        namespace: settings.TEMPORAL_NAMESPACE,
        logFile: path.join(settings.DATA_DIR, 'temporal.log'),
      });
      stops.push(() => devServer.stop());
      temporalAddress = devServer.address;
      temporalUiUrl = devServer.uiUrl;
    }

    const clientConnection = await Connection.connect({ address: temporalAddress });
    stops.push(() => clientConnection.close());
    const temporal = new Client({ connection: clientConnection, namespace: settings.TEMPORAL_NAMESPACE });
    // The dev server gets them as start flags; a real cluster (TEMPORAL_ADDRESS) through the operator service.
    await registerSearchAttributes(clientConnection, settings.TEMPORAL_NAMESPACE, log);
    const metrics = createPetitionMetrics(database.prisma);
    const running = await startWorker({ address: temporalAddress, settings, env, hospital, prisma: database.prisma, mailer, links, metrics });
    stops.push(() => running.stop());
    const app = await buildHttpApp({
      settings, env, hospital, prisma: database.prisma, temporal, log, links, metrics, temporalUiUrl,
      mounts: catcher ? [{ path: '/inbox', router: catcher.router() }] : [],
    });
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(settings.PORT, '127.0.0.1', () => resolve(listening));
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.PORT;
    const apiUrl = `http://localhost:${port}`;
    return {
      apiUrl,
      temporalAddress,
      temporalUiUrl,
      inboxUrl: catcher ? `${apiUrl}/inbox` : undefined,
      database: describeTarget(target),
      catcher,
      temporal,
      worker: running.worker,
      log,
      metrics: metrics.registry,
      prisma: database.prisma,
      links,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
