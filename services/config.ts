/**
 * Every environment variable the product reads, in one documented zod schema, parsed once when a process starts
 * (services/composition.ts). The rest of services/ and activities/ get typed settings from here and never read
 * process.env. The README's variable tables are generated from this schema (`npx tsx infra/ops/env-docs.ts --write`)
 * and test/unit/config.test.ts fails when they differ. An empty value counts as unset (docker-compose writes
 * `VAR: ${VAR:-}` as an empty string).
 */
import path from 'node:path';
import { z } from 'zod';

/** The processes that read a variable: `npm start` (all in one), the split API and worker, and tools and tests. */
export const processNames = ['start', 'api', 'worker', 'tools'] as const;
export type ProcessName = (typeof processNames)[number];

/** The README section whose table lists the variable. */
export const readmeSections = ['general', 'staff', 'links', 'ops', 'security'] as const;
export type ReadmeSection = (typeof readmeSections)[number];

export interface VariableDoc {
  section: ReadmeSection;
  /** Who reads it. */
  processes: readonly ProcessName[];
  /** The split processes refuse to start without it (the embedded fallbacks of `npm start` are one-process only). */
  requiredBy?: readonly ('api' | 'worker')[];
  zh: string;
  en: string;
  /** How the README shows the default when it is computed or describes what happens when unset. */
  shownDefault?: string;
  /** How the README names the type when the schema alone does not say it well. */
  shownType?: string;
  /** Never echoed in an error message. */
  secret?: boolean;
  /** Read directly by this file outside services/ (infra/ and tests may read their own variables). */
  readBy?: string;
}

/** The documentation of each variable, attached to its schema (zod registry). */
export const variableDocs = z.registry<VariableDoc>();

function documented<S extends z.ZodType>(schema: S, doc: VariableDoc): S {
  variableDocs.add(schema, doc);
  return schema;
}

const port = () => z.coerce.number().int().min(0).max(65535);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const ALL = ['start', 'api', 'worker'] as const;
const HTTP = ['start', 'api'] as const;
const WITH_WORKER = ['start', 'worker'] as const;

export const environmentSchema = z.object({
  // general
  PORT: documented(port().default(3000), {
    section: 'general', processes: HTTP,
    zh: 'API、控制台、部门办理页和收件箱的 HTTP 端口', en: 'HTTP port of the API, console, department pages and inbox',
  }),
  PUBLIC_BASE_URL: documented(z.string().url().optional(), {
    section: 'general', processes: ALL, shownDefault: '`http://localhost:$PORT`',
    zh: '邮件中链接的根地址；https 时开启 HSTS', en: 'base of the links in mails; https turns on HSTS',
  }),
  DATA_DIR: documented(z.string().default(path.resolve(__dirname, '..', 'var')), {
    section: 'general', processes: ALL, shownDefault: '`var/`',
    zh: '内置数据：PGlite、Temporal SQLite 文件、日志、链接签名密钥', en: 'embedded data: PGlite, Temporal SQLite file, logs, link signing key',
  }),
  HOSPITAL_CONFIG: documented(z.string().default(path.resolve(__dirname, '..', 'config', 'hospital.json')), {
    section: 'general', processes: ALL, shownDefault: '`config/hospital.json`',
    zh: '医院名称、部门、人员、分办规则、停诊日、默认政策', en: 'hospital name, departments, staff, routing, closures, default policy',
  }),
  TEMPORAL_ADDRESS: documented(z.string().optional(), {
    section: 'general', processes: ALL, requiredBy: ['api', 'worker'], shownDefault: 'embedded dev server',
    zh: 'Temporal 前端地址，例如 `temporal:7233`', en: 'a Temporal frontend, e.g. `temporal:7233`',
  }),
  TEMPORAL_NAMESPACE: documented(z.string().default('default'), {
    section: 'general', processes: ALL, zh: 'Temporal 命名空间', en: 'Temporal namespace',
  }),
  TEMPORAL_TASK_QUEUE: documented(z.string().default('petitions'), {
    section: 'general', processes: ALL, zh: '工作流与活动的任务队列', en: 'task queue of the workflows and activities',
  }),
  TEMPORAL_PORT: documented(port().default(7233), {
    section: 'general', processes: ['start'], zh: '内置开发服务器的 gRPC 端口', en: 'gRPC port of the embedded dev server',
  }),
  TEMPORAL_UI_PORT: documented(port().default(8233), {
    section: 'general', processes: ['start'], zh: '内置开发服务器的 Web UI 端口', en: 'Web UI port of the embedded dev server',
  }),
  TEMPORAL_UI_URL: documented(z.string().url().optional(), {
    section: 'general', processes: HTTP, shownDefault: 'the embedded dev server\'s UI',
    zh: '控制台中指向 Temporal UI 的链接（设置 `TEMPORAL_ADDRESS` 时）', en: 'console links to the Temporal UI (when `TEMPORAL_ADDRESS` is set)',
  }),
  TEMPORAL_CLI_PATH: documented(z.string().optional(), {
    section: 'general', processes: ['start', 'tools'], readBy: 'infra/local/temporal.ts', shownDefault: '`temporal` on PATH, else `var/tools/temporal/temporal`',
    zh: '运行内置开发服务器的 `temporal` 程序', en: 'the `temporal` binary to run the embedded dev server',
  }),
  DATABASE_URL: documented(z.string().trim().optional(), {
    section: 'general', processes: [...ALL, 'tools'], requiredBy: ['api', 'worker'], shownDefault: 'embedded PGlite', secret: true,
    zh: 'PostgreSQL 连接串', en: '`postgresql://user:pass@host:5432/db`',
  }),
  PGLITE_DIR: documented(z.string().trim().optional(), {
    section: 'general', processes: ['start', 'tools'], shownDefault: '`$DATA_DIR/pglite`',
    zh: 'PGlite 数据目录（未设 `DATABASE_URL` 时）', en: 'PGlite data directory (without `DATABASE_URL`)',
  }),
  SMTP_URL: documented(z.string().optional(), {
    section: 'general', processes: WITH_WORKER, requiredBy: ['worker'], shownDefault: 'embedded catcher', secret: true,
    zh: '邮件中继', en: '`smtp://user:pass@relay:25` or `smtps://…`',
  }),
  SMTP_CATCHER_PORT: documented(port().default(2525), {
    section: 'general', processes: ['start'], zh: '内置邮件捕获器的 SMTP 端口', en: 'SMTP port of the embedded catcher',
  }),
  MAIL_FROM: documented(z.string().default('医院信访办公室 <xinfang@hospital.example>'), {
    section: 'general', processes: WITH_WORKER, zh: '所有通知的发件人', en: 'sender of every notice',
  }),
  STAFF_NOTICE_HOURS: documented(z.enum(['hospital', 'always']).default('hospital'), {
    section: 'general', processes: WITH_WORKER,
    zh: '员工通知的发送时段：`hospital` 按 config/hospital.json 的 staffNoticeHours（非工作时间顺延至下一工作日上班时）；`always` 立即发送（演练、测试）',
    en: 'when staff notices are mailed: `hospital` follows staffNoticeHours in config/hospital.json (outside working hours they wait for the next working day); `always` sends at once (drills, tests)',
  }),
  MAIL_CONCURRENCY: documented(count(1, 100).default(4), {
    section: 'ops', processes: WITH_WORKER,
    zh: '邮件发件箱同时发送的邮件数（即 SMTP 连接池大小）', en: 'mails the outbox sends at once (the SMTP pool\'s size)',
  }),
  MAIL_CLAIM_SECONDS: documented(count(1, 3600).default(120), {
    section: 'ops', processes: WITH_WORKER,
    zh: '发件箱中一封待发通知被某个 worker 认领的时长；该 worker 崩溃后超过此时长由其他 worker 接手重发',
    en: 'how long a worker holds a queued notice it claimed; after a crash another worker takes it over once this passes',
  }),
  MAIL_RATE_PER_SECOND: documented(count(1, 10_000).default(20), {
    section: 'ops', processes: WITH_WORKER,
    zh: '邮件发件箱每秒最多发送的邮件数（中继的限流）', en: 'the most mails the outbox sends per second (the relay\'s rate limit)',
  }),
  WORKFLOW_BUNDLE_PATH: documented(z.string().optional(), {
    section: 'general', processes: WITH_WORKER, shownDefault: 'bundled at start',
    zh: '预先构建的工作流包（生产镜像）', en: 'a workflow bundle built ahead of time (production image)',
  }),
  LOG_LEVEL: documented(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), {
    section: 'general', processes: ALL, zh: 'pino 日志级别', en: 'pino level',
  }),
  PRISMA_SCHEMA_ENGINE_LOG: documented(z.string().optional(), {
    section: 'general', processes: ['start', 'api', 'tools'], readBy: 'infra/db/schema-engine.ts', shownDefault: '—',
    zh: '设置后迁移时打印 WASM schema engine 的日志', en: 'set to print the WASM schema engine\'s log while migrating',
  }),
  TEMPORAL_TEST_SERVER_PATH: documented(z.string().optional(), {
    section: 'general', processes: ['tools'], readBy: 'infra/local/time-skipping.ts', shownDefault: '`infra/time-skipping/test-server`',
    zh: 'timeskip 测试启动的时间跳跃测试服务器', en: 'the time-skipping test server the timeskip tests launch',
  }),

  // staff console, sign-in, reports
  API_TOKEN: documented(z.string().min(16, 'API_TOKEN 至少 16 个字符').optional(), {
    section: 'staff', processes: HTTP, shownDefault: '— (token calls refused)', secret: true,
    zh: '服务与测试使用的 Bearer 令牌，至少 16 个字符', en: 'bearer token for services and tests, at least 16 characters',
  }),
  API_TOKEN_SERVICE: documented(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'API_TOKEN_SERVICE 只能包含小写字母、数字和连字符').default('api'), {
    section: 'staff', processes: HTTP,
    zh: '持 API 令牌调用的服务名，审计日志记为 `service:<名称>`', en: 'the name of the service holding the API token, recorded as `service:<name>`',
  }),
  CONSOLE_DEFAULT_PASSWORD: documented(z.string().min(8).max(72).optional(), {
    section: 'staff', processes: HTTP, shownDefault: '`xinfang-dev-2026` on PGlite only', secret: true,
    zh: '尚无密码的工作人员的初始密码', en: 'initial password of staff without one',
  }),
  SESSION_IDLE_MINUTES: documented(count(1, 24 * 60).default(30), {
    section: 'staff', processes: HTTP, zh: '会话空闲多少分钟后失效', en: 'a session ends after this many idle minutes',
  }),
  SESSION_ABSOLUTE_HOURS: documented(count(1, 24 * 30).default(12), {
    section: 'staff', processes: HTTP, zh: '会话最长小时数', en: 'a session ends this many hours after sign-in',
  }),
  LOOKUP_RATE_LIMIT: documented(count(1, 10_000).default(20), {
    section: 'staff', processes: HTTP, zh: '`/lookup` 每个地址允许的错误编号/查询码次数', en: 'wrong number/code tries per address on `/lookup`',
  }),
  LOOKUP_RATE_WINDOW_MINUTES: documented(count(1, 24 * 60).default(15), {
    section: 'staff', processes: HTTP, zh: '上述次数的统计窗口（分钟）', en: 'the window of those tries, in minutes',
  }),
  DAILY_REPORT_TIME: documented(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'DAILY_REPORT_TIME 格式应为 HH:MM').default('15:00'), {
    section: 'staff', processes: HTTP, shownType: 'HH:MM',
    zh: '信访日报发送时间（北京时间）', en: 'Asia/Shanghai time of the daily report',
  }),
  DAILY_REPORT_SCHEDULE: documented(z.enum(['on', 'off']).default('on'), {
    section: 'staff', processes: HTTP,
    zh: '`off` 不创建每日日报 Schedule（工具与测试）', en: '`off` skips creating the daily-report Schedule (tools and tests)',
  }),
  CJK_FONT_PATH: documented(z.string().trim().optional(), {
    section: 'staff', processes: HTTP, shownDefault: 'Noto Sans CJK from `fonts-noto-cjk`',
    zh: '打印 PDF 文书用的中文字体文件', en: 'the font file of the printable PDF letters',
  }),
  CJK_FONT_FAMILY: documented(z.string().trim().optional(), {
    section: 'staff', processes: HTTP, shownDefault: 'from the file name',
    zh: '.ttc 字体集中的字体名（PostScript 名）', en: 'the face inside a .ttc collection (PostScript name)',
  }),
  NEW_PASSWORD: documented(z.string().optional(), {
    section: 'staff', processes: ['tools'], shownDefault: '—', secret: true,
    zh: '`services/auth/set-password-cli.ts` 设置的新密码', en: 'the password `services/auth/set-password-cli.ts` sets',
  }),

  // department and leader links
  LINK_SIGNING_KEY: documented(z.string().min(32, 'LINK_SIGNING_KEY must be at least 32 characters').optional(), {
    section: 'links', processes: ALL, shownDefault: 'generated into `$DATA_DIR/link-signing.key`', secret: true,
    zh: 'HMAC 密钥（至少 32 个字符）；生产环境必须设置，所有 API 与 worker 进程相同',
    en: 'HMAC key (at least 32 characters); set it in production, the same for every API and worker process',
  }),
  LINK_VALID_DAYS_AFTER_DUE: documented(count(0, 365).default(7), {
    section: 'links', processes: ALL, zh: '链接在其期限后仍有效的天数', en: 'a link stays valid this many days after its due time',
  }),
  LINK_VALID_DAYS_WITHOUT_DUE: documented(count(1, 365).default(14), {
    section: 'links', processes: ALL, zh: '无期限的链接（领导审批）有效天数', en: 'for links issued without a due time (a leader\'s approval)',
  }),

  // ops
  HOST: documented(z.string().default('0.0.0.0'), {
    section: 'ops', processes: ['api', 'worker'],
    zh: '`services/api.ts` 与 `services/worker.ts` 的监听地址（`npm start` 只听 127.0.0.1）',
    en: 'listen address of `services/api.ts` and `services/worker.ts` (`npm start` listens on 127.0.0.1)',
  }),
  METRICS_PORT: documented(port().default(9100), {
    section: 'ops', processes: ['worker'], zh: 'worker 进程 /healthz、/readyz、/metrics 的端口', en: 'worker process: port of /healthz, /readyz, /metrics',
  }),
  WORKER_METRICS_BIND: documented(z.string().optional(), {
    section: 'ops', processes: WITH_WORKER, shownType: 'host:port', shownDefault: '—',
    zh: 'SDK 自带 Prometheus 导出器的地址', en: 'host:port of the SDK\'s Prometheus exporter',
  }),
  DATABASE_POOL_SIZE: documented(count(1, 500).default(10), {
    section: 'ops', processes: ALL,
    zh: '每个进程到 PostgreSQL 的连接池大小', en: 'connections per process in the PostgreSQL pool',
  }),
  WORKER_MAX_CACHED_WORKFLOWS: documented(count(0, 100_000).default(1000), {
    section: 'ops', processes: WITH_WORKER,
    zh: 'worker 内存中缓存的信访工作流数（超出者被逐出，下次唤醒时按历史重放）',
    en: 'petition workflows kept in the worker\'s memory; beyond it the least recent are evicted and replayed when they wake',
  }),
  WORKER_WORKFLOW_TASK_SLOTS: documented(count(2, 10_000).default(40), {
    section: 'ops', processes: WITH_WORKER, zh: '同时执行的工作流任务数', en: 'workflow tasks run at once',
  }),
  WORKER_ACTIVITY_SLOTS: documented(count(1, 10_000).default(20), {
    section: 'ops', processes: WITH_WORKER,
    zh: '同时执行的活动数，期限触发的本地活动另有同样多（不宜超过 DATABASE_POOL_SIZE：每个活动一次占用一个连接）',
    en: 'activities run at once, and as many local ones (deadline firings) (keep it at most DATABASE_POOL_SIZE: an activity holds one connection at a time)',
  }),
  WORKER_TASK_POLLERS: documented(count(1, 100).default(10), {
    section: 'ops', processes: WITH_WORKER,
    zh: '工作流任务和活动任务各自的长轮询数', en: 'long polls each for workflow tasks and for activity tasks',
  }),

  // API security
  RATE_LIMIT_API_PER_MINUTE: documented(count(1, 1_000_000).default(600), {
    section: 'security', processes: HTTP, zh: '每个客户端 IP 每分钟访问 `/api` 的次数', en: 'requests per minute per client IP to `/api`',
  }),
  RATE_LIMIT_LINKS_PER_MINUTE: documented(count(1, 1_000_000).default(60), {
    section: 'security', processes: HTTP, zh: '每分钟访问部门/领导办理页 `/links` 的次数', en: 'to the department/leader link pages `/links`',
  }),
  RATE_LIMIT_LOOKUP_PER_MINUTE: documented(count(1, 1_000_000).default(30), {
    section: 'security', processes: HTTP, zh: '每分钟访问查询码查询 `/lookup` 的次数', en: 'to the query-code lookup `/lookup`',
  }),
  TRUST_PROXY: documented(z.string().optional(), {
    section: 'security', processes: HTTP, shownType: 'hops or name', shownDefault: '—',
    zh: '位于反向代理之后：跳数（`1`）或 `loopback`，按真实客户端 IP 计数', en: 'behind a reverse proxy: hop count (`1`) or `loopback`, so budgets count real client IPs',
  }),
});

export type VariableName = keyof typeof environmentSchema.shape;
export type Environment = z.infer<typeof environmentSchema>;

/** The parsed environment plus what is derived from it for every process. */
export interface Settings extends Environment {
  /** PUBLIC_BASE_URL, or this machine's address on PORT. */
  publicBaseUrl: string;
}

/** A variable with a bad value, or one the process needs and does not have: the message names each variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 (invalid environment):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function docOf(name: VariableName): VariableDoc {
  return variableDocs.get(environmentSchema.shape[name])!;
}

export const variableNames = Object.keys(environmentSchema.shape) as VariableName[];

/** `PORT="abc": 无效输入：期望 数字，实际接收 NaN (Invalid input: expected number, received NaN)`; secrets not shown. */
function describeProblem(issue: z.core.$ZodIssue, chinese: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? '');
  const message = chinese && chinese !== issue.message ? `${chinese} (${issue.message})` : issue.message;
  if (!(name in environmentSchema.shape)) return `${issue.path.join('.')}: ${message}`;
  const shown = docOf(name as VariableName).secret ? '(hidden)' : JSON.stringify(env[name]);
  return `${name}=${shown}: ${message}`;
}

/**
 * Parses the variables of the schema (others are ignored); `process` adds the variables that process cannot do
 * without. Throws ConfigurationError naming every bad or missing variable.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, processName?: ProcessName): Settings {
  const given = Object.fromEntries(variableNames.map((name) => [name, env[name] === '' ? undefined : env[name]]));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    // The same issues again in Chinese (zod's zh-CN locale; the schema's own messages stay as written).
    const chinese = environmentSchema.safeParse(given, { error: z.locales.zhCN().localeError }).error?.issues ?? [];
    throw new ConfigurationError(parsed.error.issues.map((issue, i) => describeProblem(issue, chinese[i]?.message, env)));
  }
  const settings = parsed.data;
  if (processName === 'api' || processName === 'worker') {
    const missing = variableNames.filter((name) => docOf(name).requiredBy?.includes(processName) && settings[name] === undefined);
    if (missing.length > 0) {
      throw new ConfigurationError(missing.map((name) => `${name}: ${processName} 进程必须设置 (required by services/${processName}.ts)`));
    }
  }
  return { ...settings, publicBaseUrl: settings.PUBLIC_BASE_URL ?? `http://localhost:${settings.PORT}` };
}

/** For an entry point: the settings, or a message naming each bad or missing variable on stderr and exit code 1. */
export function settingsOrExit(processName: ProcessName, env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return loadSettings(env, processName);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
