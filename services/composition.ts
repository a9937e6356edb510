/**
 * The composition root: the one place where processes are assembled from the parsed settings (services/config.ts),
 * so `npm start` (everything in one process), the split API and the split worker cannot drift apart. The entry points
 * services/start.ts, services/api.ts and services/worker.ts only call runProcess; tests and tools call startSystem.
 * Each embedded piece of `npm start` (Temporal dev server, PGlite, SMTP catcher) is used only when its variable does
 * not point at a real server.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import express from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PrismaClient } from '../generated/prisma/client';
import { createActivities, systemClock, type ActivityDependencies } from '../activities';
import { createMailer, type Mailer } from '../activities/mail/mailer';
import { validatedBundledPolicies } from '../activities/policy-schema';
import { describeTarget } from '../infra/db/target';
import { startTemporalDevServer } from '../infra/local/temporal';
import { petitionSearchAttributeTypes } from '../workflows/search-attributes';
import { createApp } from './api/app';
import { securitySettingsFrom } from './api/security';
import { authSettingsFrom } from './auth/auth-settings';
import { settingsOrExit, type Settings } from './config';
import { setUpStaffSite } from './console/staff-setup';
import { databaseTargetOf, openAndMigrate, openDatabase } from './db';
import { loadHospitalConfig, seedHospital, type HospitalConfig } from './hospital-config';
import { createLinkService, type LinkService } from './links/link-service';
import { linkSettingsFrom } from './links/link-settings';
import { startMailCatcher, type MailCatcher } from './mail/catcher';
import { createLogger } from './observability/logging';
import { createPetitionMetrics, type PetitionMetrics } from './observability/metrics';
import { opsRoutes } from './observability/ops-routes';
import { runUntilSignalled } from './observability/process-runner';
import { registerSearchAttributes } from './observability/search-attributes';
import { installTemporalRuntime } from './observability/temporal-runtime';
import { calendarPinner } from './petitions/calendar-pin';
import { startOutboxSender } from './mail/outbox-sender';
import { deliveryTime } from '../activities/mail/staff-notice-hours';
import type { DeliveryRule } from '../activities';
import { calendarFromSnapshot, type WorkCalendar } from '../workflows/deadlines';
import { accountabilityLine } from './reports/accountability';
import { scheduleReminder } from './calendar-supplements';
import { startPendingWorkflows, type RegistrationContext } from './petitions/registration';
import { listPolicyIds } from './policies';

// ---------------------------------------------------------------------------------------------------------------
// The pieces every process is made of.

export function linkServiceFor(prisma: PrismaClient, settings: Settings): LinkService {
  return createLinkService({ prisma, clock: systemClock, settings: linkSettingsFrom(settings) });
}

/** config/calendar beside the hospital configuration: the State Council schedules published after chinese-days. */
function calendarDirectoryOf(settings: Settings): string {
  return path.join(path.dirname(settings.HOSPITAL_CONFIG), 'calendar');
}

export function registrationContextFor(prisma: PrismaClient, temporal: Client, settings: Settings, hospital: HospitalConfig): RegistrationContext {
  return {
    prisma,
    temporal,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    defaultPolicy: hospital.defaultPolicy,
    knownPolicies: new Set(listPolicyIds()),
    authorities: new Map(hospital.authorities.map((authority) => [authority.code, authority.name])),
    reviewAuthorities: hospital.authorities.filter((authority) => authority.reviews).map(({ code, name, reviews }) => ({ code, name, reviews })),
    calendarSnapshot: calendarPinner(hospital.closures, calendarDirectoryOf(settings)),
  };
}

interface WorkerParts {
  address: string;
  settings: Settings;
  hospital: HospitalConfig;
  prisma: PrismaClient;
  mailer: Mailer;
  links: LinkService;
  metrics: PetitionMetrics;
}

interface RunningWorker {
  worker: Worker;
  /** Settles when the worker stops (shutdown or failure). */
  running: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The worker's capacity, set on purpose rather than left to the SDK's defaults (which size the workflow cache from
 * the machine's memory): a bounded cache keeps the worker's memory flat however many petitions are open (an evicted
 * petition is replayed from its history when it next wakes), and activity slots no more than the database pool.
 */
export function workerCapacity(settings: Settings): Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentLocalActivityExecutions' | 'maxConcurrentWorkflowTaskPolls' | 'maxConcurrentActivityTaskPolls'> {
  return {
    maxCachedWorkflows: settings.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: settings.WORKER_WORKFLOW_TASK_SLOTS,
    maxConcurrentActivityTaskExecutions: settings.WORKER_ACTIVITY_SLOTS,
    // A deadline firing's write runs as a local activity (workflows/petition/clock.ts) on the same database pool.
    maxConcurrentLocalActivityExecutions: settings.WORKER_ACTIVITY_SLOTS,
    // The SDK wants no more polls than slots.
    maxConcurrentWorkflowTaskPolls: Math.min(settings.WORKER_TASK_POLLERS, settings.WORKER_WORKFLOW_TASK_SLOTS),
    maxConcurrentActivityTaskPolls: Math.min(settings.WORKER_TASK_POLLERS, settings.WORKER_ACTIVITY_SLOTS),
  };
}

/**
 * When the outbox may mail a staff notice: the hospital's staffNoticeHours on its calendar as it is now (official
 * schedule, supplements, closures), or at once with STAFF_NOTICE_HOURS=always.
 */
function deliveryRuleOf(settings: Settings, hospital: HospitalConfig): DeliveryRule {
  if (settings.STAFF_NOTICE_HOURS === 'always') return (_kind, raisedAt) => ({ notBefore: raisedAt });
  const snapshotAt = calendarPinner(hospital.closures, calendarDirectoryOf(settings));
  // The pinner keeps one snapshot per year until a supplement changes: one calendar per snapshot, not per notice.
  const calendars = new WeakMap<object, WorkCalendar>();
  const calendarAt = (at: Date) => {
    const snapshot = snapshotAt(at);
    let calendar = calendars.get(snapshot);
    if (!calendar) calendars.set(snapshot, (calendar = calendarFromSnapshot(snapshot)));
    return calendar;
  };
  return (kind, raisedAt) => deliveryTime(kind, raisedAt, hospital.staffNoticeHours, calendarAt(raisedAt));
}

/**
 * The Temporal worker with the petition workflows and their activities (WORKFLOW_BUNDLE_PATH when built ahead), and
 * beside it the mail outbox's sender.
 */
async function startWorker(parts: WorkerParts): Promise<RunningWorker> {
  // Workflows take policies as plain data and validate nothing in the sandbox: a broken bundled file stops the worker here.
  validatedBundledPolicies();
  const connection = await NativeConnection.connect({ address: parts.address });
  const dependencies: ActivityDependencies = {
    prisma: parts.prisma,
    mailer: parts.mailer,
    clock: systemClock,
    settings: { hospitalName: parts.hospital.hospitalName, publicBaseUrl: parts.settings.publicBaseUrl, authorities: parts.hospital.authorities },
    links: parts.links,
    accountability: (at) => accountabilityLine(parts.prisma, at),
    calendarReminder: scheduleReminder(calendarDirectoryOf(parts.settings)),
    deliveryRule: deliveryRuleOf(parts.settings, parts.hospital),
  };
  const activities = createActivities(dependencies);
  const workflowSource: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> = parts.settings.WORKFLOW_BUNDLE_PATH
    ? { workflowBundle: { codePath: parts.settings.WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: require.resolve('../workflows') };
  const worker = await Worker.create({
    connection,
    namespace: parts.settings.TEMPORAL_NAMESPACE,
    taskQueue: parts.settings.TEMPORAL_TASK_QUEUE,
    activities,
    // The activity failure counter of services/observability/metrics.ts.
    interceptors: { activity: [parts.metrics.activityInterceptor] },
    ...workflowSource,
    ...workerCapacity(parts.settings),
  });
  const running = worker.run();
  const outbox = startOutboxSender({
    prisma: parts.prisma,
    sendNotice: activities.sendNotice,
    clock: systemClock,
    concurrency: parts.settings.MAIL_CONCURRENCY,
    ratePerSecond: parts.settings.MAIL_RATE_PER_SECOND,
    claimMs: parts.settings.MAIL_CLAIM_SECONDS * 1000,
  });
  return {
    worker,
    running,
    stop: async () => {
      await outbox.stop();
      // The SDK's Runtime also reacts to SIGTERM and may already be draining the worker.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}

interface HttpAppParts {
  settings: Settings;
  hospital: HospitalConfig;
  prisma: PrismaClient;
  temporal: Client;
  log: Logger;
  links: LinkService;
  metrics: PetitionMetrics;
  temporalUiUrl?: string;
  mounts?: Array<{ path: string; router: express.Router }>;
}

/** Starts the workflows of petitions stored before a crash, prepares sign-in and the daily report, builds the app. */
async function buildHttpApp(parts: HttpAppParts): Promise<express.Express> {
  const { settings } = parts;
  const registration = registrationContextFor(parts.prisma, parts.temporal, settings, parts.hospital);
  const restarted = await startPendingWorkflows(registration);
  if (restarted > 0) parts.log.warn({ restarted }, 'started workflows of petitions registered before a crash');
  const staffSite = await setUpStaffSite({
    prisma: parts.prisma,
    temporal: parts.temporal,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    namespace: settings.TEMPORAL_NAMESPACE,
    hospitalName: parts.hospital.hospitalName,
    officePhone: parts.hospital.officePhone,
    publicBaseUrl: settings.publicBaseUrl,
    temporalUiUrl: parts.temporalUiUrl,
    auth: authSettingsFrom(settings),
    dailyReport: { schedule: settings.DAILY_REPORT_SCHEDULE === 'on', time: settings.DAILY_REPORT_TIME },
    font: { path: settings.CJK_FONT_PATH, family: settings.CJK_FONT_FAMILY },
    routing: parts.hospital.routing,
    calendarReminder: scheduleReminder(calendarDirectoryOf(settings)),
    log: parts.log,
  });
  return createApp({
    ...registration,
    log: parts.log,
    metrics: parts.metrics.registry,
    security: securitySettingsFrom(settings),
    staffSite,
    links: { links: parts.links, hospitalName: parts.hospital.hospitalName, clock: systemClock, authorities: parts.hospital.authorities },
    calendarDirectory: calendarDirectoryOf(settings),
    mounts: parts.mounts ?? [],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// `npm start`: everything in one process (also what tests, the benchmark and the history capture run).

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

export async function startSystem(settings: Settings): Promise<RunningSystem> {
  const log = createLogger(settings.LOG_LEVEL);
  // Before any connection: the Runtime is created with the first one. WORKER_METRICS_BIND serves the SDK's metrics.
  installTemporalRuntime(log, { metricsBindAddress: settings.WORKER_METRICS_BIND });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => log.error({ err }, 'stop step failed'));
  };
  try {
    const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
    const target = databaseTargetOf(settings);
    const database = await openAndMigrate(target);
    stops.push(() => database.close());
    await seedHospital(database.prisma, hospital);
    const links = linkServiceFor(database.prisma, settings);

    let catcher: MailCatcher | undefined;
    let smtpUrl = settings.SMTP_URL;
    if (!smtpUrl) {
      catcher = await startMailCatcher({ smtpPort: settings.SMTP_CATCHER_PORT });
      stops.push(() => catcher!.stop());
      smtpUrl = catcher.smtpUrl;
    }
    const mailer = createMailer({ smtpUrl, from: settings.MAIL_FROM, maxConnections: settings.MAIL_CONCURRENCY });
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
        // The API binds PORT only after this; the server's own HTTP port must not take it first.
        avoidPorts: [settings.PORT, settings.SMTP_CATCHER_PORT],
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
    const running = await startWorker({ address: temporalAddress, settings, hospital, prisma: database.prisma, mailer, links, metrics });
    stops.push(() => running.stop());
    const app = await buildHttpApp({
      settings, hospital, prisma: database.prisma, temporal, log, links, metrics, temporalUiUrl,
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

function announce(system: RunningSystem): void {
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
}

function runAllInOne(settings: Settings): void {
  startSystem(settings).then(
    (system) => {
      announce(system);
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
    },
    (error: unknown) => {
      console.error('启动失败 (failed to start):', error);
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The split deployment (docker-compose.yml): the API and any number of workers, on PostgreSQL and a Temporal cluster.

/**
 * The HTTP API alone: migrates and seeds the database, registers the search attributes, starts workflows of
 * petitions stored before a crash, and serves the API with /healthz, /readyz and /metrics.
 */
function runApi(settings: Settings): void {
  const log = createLogger(settings.LOG_LEVEL, 'petitions-api');
  runUntilSignalled('api', log, async (onStop) => {
    const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
    const database = await openAndMigrate(databaseTargetOf(settings));
    onStop(() => database.close());
    if (database.applied.length > 0) log.info({ applied: database.applied }, 'applied migrations');
    await seedHospital(database.prisma, hospital);

    const connection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS! });
    onStop(() => connection.close());
    const temporal = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
    await registerSearchAttributes(connection, settings.TEMPORAL_NAMESPACE, log);

    // Activity failures are counted by the worker processes; the API's registry has the petition gauges.
    const metrics = createPetitionMetrics(database.prisma);
    const links = linkServiceFor(database.prisma, settings);
    const app = await buildHttpApp({
      settings, hospital, prisma: database.prisma, temporal, log, links, metrics, temporalUiUrl: settings.TEMPORAL_UI_URL,
    });
    const host = settings.HOST;
    const server = app.listen(settings.PORT, host, () => log.info({ host, port: settings.PORT }, 'api listening'));
    onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
  });
}

/**
 * A Temporal worker alone; run as many as the load needs. It expects the API to have migrated the database. HTTP on
 * METRICS_PORT: /healthz, /readyz, /metrics with the activity failure counter; WORKER_METRICS_BIND adds the SDK's own
 * Prometheus exporter.
 */
function runWorker(settings: Settings): void {
  const log = createLogger(settings.LOG_LEVEL, 'petitions-worker');
  runUntilSignalled('worker', log, async (onStop) => {
    installTemporalRuntime(log, { metricsBindAddress: settings.WORKER_METRICS_BIND });
    const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
    const database = await openDatabase(databaseTargetOf(settings));
    onStop(() => database.close());
    const mailer = createMailer({ smtpUrl: settings.SMTP_URL!, from: settings.MAIL_FROM, maxConnections: settings.MAIL_CONCURRENCY });
    onStop(async () => mailer.close());

    const clientConnection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS! });
    onStop(() => clientConnection.close());
    const temporal = new Client({ connection: clientConnection, namespace: settings.TEMPORAL_NAMESPACE });
    const metrics = createPetitionMetrics(database.prisma);

    const links = linkServiceFor(database.prisma, settings);
    const { running, stop } = await startWorker({
      address: settings.TEMPORAL_ADDRESS!, settings, hospital, prisma: database.prisma, mailer, links, metrics,
    });
    running.catch((err: unknown) => {
      log.fatal({ err }, 'worker stopped');
      process.kill(process.pid, 'SIGTERM');
    });
    onStop(stop);

    const ops = express();
    ops.disable('x-powered-by');
    ops.use(opsRoutes({ prisma: database.prisma, temporal, metrics: metrics.registry }));
    const server = ops.listen(settings.METRICS_PORT, settings.HOST);
    onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The entry points.

const runners = { start: runAllInOne, api: runApi, worker: runWorker } satisfies Record<string, (settings: Settings) => void>;

/** `npm start` (services/start.ts), `npm run api` (services/api.ts) and `npm run worker` (services/worker.ts). */
export function runProcess(processName: keyof typeof runners): void {
  runners[processName](settingsOrExit(processName));
}
