/**
 * The import use case of a hospital's existing 台账: preview (what would be written, every row error, what was
 * imported before), then the import itself — all or nothing per file in one transaction, idempotent by each row's
 * stable key (Petition.registrationKey), recorded in the audit trail (recordAudit, action 'ledger-import'; the row of
 * an import commits in the import's own transaction).
 *
 * What a row becomes: a closed historical row (办结 or 不予受理) is a petition with its original dates, department,
 * cause, outcome and satisfaction, and no workflow (nothing runs, nothing is mailed). An open row is a registered
 * petition whose workflow then starts with the original receipt date, so the policy counts its deadlines from
 * then: one already past its acceptance limit is marked overdue and supervised at once. The leadership gets one
 * summary mail per import (a ledger-import summary workflow), never one per row: an open row that alerts the
 * leadership (集体访, 上级交办) is named there with its reasons, and its workflow sends no alert of its own.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { LedgerSummaryRequest } from '../../workflows/activity-contracts/ledger-import-summary';
import type { PrismaClient } from '../../generated/prisma/client';
import { calendarFromSnapshot, createWorkCalendar, deadlineForLimit, handlingLimit, type WorkCalendar } from '../../workflows/deadlines';
import { decideAlertReasons, type AlertReason } from '../../workflows/domain/alerts';
import type { EventType } from '../../workflows/domain/events';
import { shanghaiDayOf, yearOf } from '../../workflows/domain/shanghai';
import { formatRegisterNumber, petitionWorkflowId } from '../../workflows/ids';
import { recordAudit, type AuditEntry } from '../audit/audit-trail';
import { bundledPolicy, pinPolicyVersion } from '../policy-versions';
import { startWorkflowFor, type RegistrationContext } from '../petitions/registration';
import { bulkInsert } from './bulk-insert';
import { readLedgerTable, type LedgerTable } from './read-table';
import { suggestMapping, validateLedger, type ColumnMapping, type LedgerRow, type RowError } from './validate';

export const LEDGER_IMPORT_ACTION = 'ledger-import';
/** The workflow that mails the leadership one summary of an import (workflows/ledger-import-summary.workflow.ts). */
export const ledgerSummaryWorkflowId = (importId: string) => `ledger-import-summary:${importId}`;

export interface LedgerImportContext extends RegistrationContext {
  temporal: Client;
}

export interface LedgerFile {
  content: Buffer;
  fileName: string;
  /** The user's column mapping; the recognised one when absent. */
  mapping?: ColumnMapping;
}

export interface LedgerPreview {
  fileName: string;
  fileHash: string;
  headers: string[];
  mapping: ColumnMapping;
  /** Data rows in the file (empty lines not counted). */
  totalRows: number;
  validRows: number;
  errors: RowError[];
  fileErrors: string[];
  /** Valid rows not imported before, and those already in the system (by their stable key). */
  newRows: number;
  alreadyImported: number;
  byState: { finished: number; declined: number; open: number };
  /** The first valid new rows, as the import would write them. */
  sample: LedgerRow[];
}

export interface LedgerImportOutcome extends LedgerPreview {
  outcome: 'imported' | 'unchanged' | 'refused';
  importId: string;
  /** The system's numbers of the created petitions, with the hospital's own beside them. */
  created: Array<{ number: string; externalNumber: string | null; state: LedgerRow['state']; overdue: boolean; alerts: AlertReason[] }>;
  /** Open rows whose workflow was started. */
  started: number;
  message: string;
}

const KEY_CHUNK = 5_000;

const petitionColumns = [
  ['id', 'text'], ['number', 'text'], ['year', 'integer'], ['seq', 'integer'], ['workflowId', 'text'], ['workflowStarted', 'boolean'],
  ['status', 'text'], ['channel', 'text'], ['category', 'text'], ['anonymous', 'boolean'], ['peopleCount', 'integer'], ['content', 'text'],
  ['complainedAbout', 'jsonb'], ['policyId', 'text'], ['policyVersion', 'text'], ['queryCode', 'text'], ['leadDepartment', 'text'],
  ['dueAt', 'timestamp(3)'], ['overdue', 'boolean'], ['receivedAt', 'timestamp(3)'], ['registeredAt', 'timestamp(3)'], ['closedAt', 'timestamp(3)'],
  ['registrationKey', 'text'], ['cause', 'text'], ['externalNumber', 'text'], ['petitionerId', 'text'],
] as const;
const eventColumns = [['petitionId', 'text'], ['type', 'text'], ['actor', 'text'], ['payload', 'jsonb'], ['occurredAt', 'timestamp(3)'], ['idempotencyKey', 'text']] as const;
const documentColumns = [['id', 'text'], ['petitionId', 'text'], ['kind', 'text'], ['body', 'jsonb'], ['author', 'text'], ['accepted', 'boolean'], ['createdAt', 'timestamp(3)']] as const;

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

async function existingKeys(prisma: PrismaClient, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    const rows = await prisma.petition.findMany({ where: { registrationKey: { in: keys.slice(i, i + KEY_CHUNK) } }, select: { registrationKey: true } });
    for (const row of rows) if (row.registrationKey) found.add(row.registrationKey);
  }
  return found;
}

/** 登记号 already in the system as a petition's own number or as an imported one (an exported 台账 coming back). */
async function existingNumbers(prisma: PrismaClient, numbers: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < numbers.length; i += KEY_CHUNK) {
    const chunk = numbers.slice(i, i + KEY_CHUNK);
    const rows = await prisma.petition.findMany({
      where: { OR: [{ number: { in: chunk } }, { externalNumber: { in: chunk } }] },
      select: { number: true, externalNumber: true },
    });
    for (const row of rows) {
      found.add(row.number);
      if (row.externalNumber) found.add(row.externalNumber);
    }
  }
  return found;
}

interface Checked {
  preview: LedgerPreview;
  rows: LedgerRow[];
}

async function check(context: LedgerImportContext, file: LedgerFile, table: LedgerTable, now: Date): Promise<Checked> {
  const mapping = file.mapping ?? suggestMapping(table.headers);
  const departments = await context.prisma.department.findMany({ select: { code: true, name: true, kind: true } });
  const result = validateLedger(table, mapping, { departments, now });
  const known = await existingKeys(context.prisma, result.rows.map((r) => r.key));
  const knownNumbers = await existingNumbers(context.prisma, result.rows.flatMap((r) => (r.registerNumber ? [r.registerNumber] : [])));
  const fresh = result.rows.filter((r) => !known.has(r.key) && !(r.registerNumber && knownNumbers.has(r.registerNumber)));
  const count = (state: LedgerRow['state']) => fresh.filter((r) => r.state === state).length;
  return {
    rows: fresh,
    preview: {
      fileName: file.fileName,
      fileHash: sha256(file.content),
      headers: table.headers,
      mapping,
      totalRows: table.rows.filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== '')).length,
      validRows: result.rows.length,
      errors: result.errors,
      fileErrors: result.fileErrors,
      newRows: fresh.length,
      alreadyImported: result.rows.length - fresh.length,
      byState: { finished: count('finished'), declined: count('declined'), open: count('open') },
      sample: fresh.slice(0, 20),
    },
  };
}

/** What the import would do, writing nothing. Unreadable files throw LedgerFileError (a 400 with its reason). */
export async function previewLedger(context: LedgerImportContext, file: LedgerFile, now = new Date()): Promise<LedgerPreview> {
  const table = await readLedgerTable(file.content, file.fileName);
  return (await check(context, file, table, now)).preview;
}

/** The audit trail keeps a detail of at most this many characters (services/audit/audit-trail.ts clips longer ones). */
const AUDIT_DETAIL_MAX = 1000;

/** The import's facts as JSON that fits the trail whole: as many of the first errors as fit, the file name shortened. */
function auditDetail(preview: LedgerPreview, importId: string, extra: Record<string, unknown>): string {
  const messages = [...preview.fileErrors, ...preview.errors.slice(0, 20).map((e) => e.message)];
  const detail = (firstErrors: string[]) => JSON.stringify({
    importId,
    fileName: preview.fileName.slice(0, 120),
    fileHash: preview.fileHash,
    rows: preview.totalRows,
    valid: preview.validRows,
    new: preview.newRows,
    alreadyImported: preview.alreadyImported,
    errors: preview.errors.length + preview.fileErrors.length,
    firstErrors,
    ...extra,
  });
  for (let shown = messages.length; shown > 0; shown -= 1) {
    const text = detail(messages.slice(0, shown));
    if (text.length <= AUDIT_DETAIL_MAX) return text;
  }
  return detail([]);
}

/** The personal data an import writes (the mapped columns), named on its audit row like a view names what it shows. */
function personalFields(mapping: ColumnMapping): string[] {
  const fields: Array<[keyof ColumnMapping, string]> = [['petitionerName', 'petitioner.name'], ['phone', 'petitioner.phone'], ['content', 'content']];
  return fields.filter(([field]) => mapping[field] !== undefined).map(([, name]) => name);
}

/** Calendars by receipt year: the same pinned calendar a registration of that day would count with. */
function calendarsFor(context: LedgerImportContext): (receivedAt: Date) => WorkCalendar {
  const cache = new Map<number, WorkCalendar>();
  return (receivedAt) => {
    const year = yearOf(shanghaiDayOf(receivedAt));
    let calendar = cache.get(year);
    if (!calendar) {
      calendar = context.calendarSnapshot ? calendarFromSnapshot(context.calendarSnapshot(receivedAt)) : createWorkCalendar();
      cache.set(year, calendar);
    }
    return calendar;
  };
}

const newQueryCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Imports the file: refused as a whole when any row has an error; otherwise every new row is written in one
 * transaction, then the open rows' workflows start and the leadership summary is started once.
 */
export async function importLedger(context: LedgerImportContext, file: LedgerFile, actor: string, now = new Date()): Promise<LedgerImportOutcome> {
  const table = await readLedgerTable(file.content, file.fileName);
  const { preview, rows } = await check(context, file, table, now);
  const importId = randomUUID();
  const { prisma } = context;
  // Every attempt is one row of the audit trail, through its one writer; the import's own row commits with the rows.
  const auditEntry = (outcome: string, extra: Record<string, unknown> = {}): AuditEntry =>
    ({ actor, action: LEDGER_IMPORT_ACTION, outcome, fields: outcome === 'imported' ? personalFields(preview.mapping) : [], detail: auditDetail(preview, importId, extra) });
  const audit = (outcome: string, extra: Record<string, unknown> = {}) => recordAudit(prisma, auditEntry(outcome, extra));

  if (preview.fileErrors.length > 0 || preview.errors.length > 0) {
    await audit('refused');
    const problems = preview.fileErrors.length + preview.errors.length;
    return { ...preview, outcome: 'refused', importId, created: [], started: 0, message: `文件有 ${problems} 处错误，未导入任何记录；请改正后重新导入` };
  }
  if (rows.length === 0) {
    await audit('unchanged');
    return {
      ...preview, outcome: 'unchanged', importId, created: [], started: 0,
      message: `该文件的 ${preview.alreadyImported} 条记录均已导入过，本次未新增任何记录`,
    };
  }

  const policyId = context.defaultPolicy;
  const policy = await pinPolicyVersion(prisma, (context.currentPolicy ?? bundledPolicy)(policyId));
  const version = policy.version;
  const calendarOf = calendarsFor(context);
  const departments = new Map((await prisma.department.findMany({ select: { code: true, name: true } })).map((d) => [d.code, d.name]));

  let created: LedgerImportOutcome['created'];
  try {
    created = await prisma.$transaction(
      async (tx) => {
        // Register numbers by receipt year (the published tables count by year), taken in the same transaction.
        const byYear = new Map<number, LedgerRow[]>();
        for (const row of rows) {
          const year = yearOf(shanghaiDayOf(row.receivedAt));
          byYear.set(year, [...(byYear.get(year) ?? []), row]);
        }
        const numbered: Array<{ row: LedgerRow; year: number; seq: number }> = [];
        for (const [year, yearRows] of [...byYear].sort((a, b) => a[0] - b[0])) {
          yearRows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.line - b.line);
          const [counter] = await tx.$queryRaw<Array<{ last: number }>>`
            INSERT INTO "RegisterCounter" ("year", "last") VALUES (${year}, ${yearRows.length})
            ON CONFLICT ("year") DO UPDATE SET "last" = "RegisterCounter"."last" + ${yearRows.length}
            RETURNING "last"`;
          const first = Number(counter.last) - yearRows.length + 1;
          yearRows.forEach((row, i) => numbered.push({ row, year, seq: first + i }));
        }

        const petitioners: Array<{ id: string; name: string | null; phone: string | null }> = [];
        const petitions: Array<Record<string, unknown>> = [];
        const events: Array<Record<string, unknown>> = [];
        const documents: Array<Record<string, unknown>> = [];
        const result: LedgerImportOutcome['created'] = [];
        for (const { row, year, seq } of numbered) {
          const id = randomUUID();
          const number = formatRegisterNumber(year, seq);
          const workflowId = petitionWorkflowId(number);
          const petitionerId = row.petitionerName || row.phone ? randomUUID() : null;
          if (petitionerId) petitioners.push({ id: petitionerId, name: row.petitionerName, phone: row.phone });
          const closed = row.state !== 'open';
          const finished = row.state === 'finished';
          const dueAt = finished ? deadlineForLimit(policy, handlingLimit(policy), row.receivedAt, calendarOf(row.receivedAt)).dueAt : null;
          const late = dueAt !== null && row.finishedAt !== null && row.finishedAt.getTime() > dueAt.getTime();
          // An open row's acceptance limit as its workflow will count it (same policy, same pinned calendar).
          const acceptanceDue = closed ? null : deadlineForLimit(policy, policy.limits.acceptance, row.receivedAt, calendarOf(row.receivedAt)).dueAt;
          petitions.push({
            id, number, year, seq, workflowId,
            // A closed historical row has no workflow and must never get one (startPendingWorkflows skips it).
            workflowStarted: closed,
            status: closed ? 'archived' : 'registered',
            channel: row.channel,
            category: row.category,
            anonymous: !row.petitionerName,
            peopleCount: row.peopleCount,
            content: row.content,
            complainedAbout: row.department ? [departments.get(row.department) ?? row.department] : [],
            policyId,
            policyVersion: version,
            queryCode: newQueryCode(),
            leadDepartment: finished ? row.department : null,
            dueAt,
            overdue: late,
            receivedAt: row.receivedAt,
            // The ledger's own date: the daily report's 新登记 is for petitions registered that day, not imports.
            registeredAt: row.receivedAt,
            closedAt: closed ? row.finishedAt : null,
            registrationKey: row.key,
            cause: row.cause,
            externalNumber: row.registerNumber,
            petitionerId,
          });
          const event = (type: EventType, at: Date, payload: Record<string, unknown> = {}) =>
            events.push({ petitionId: id, type, actor, payload: { ...payload, importId }, occurredAt: at, idempotencyKey: `${workflowId}:${type}` });
          event('registered', row.receivedAt, { channel: row.channel, category: row.category, peopleCount: row.peopleCount, alerts: [], imported: true, line: row.line });
          if (row.state === 'declined') {
            event('declined', row.finishedAt!);
            event('archived', row.finishedAt!);
          } else if (finished) {
            event('accepted', row.receivedAt);
            if (row.department) event('assigned', row.receivedAt, { leadDepartment: row.department, cooperatingDepartments: [] });
            event('replied', row.finishedAt!, row.department ? { department: row.department } : {});
            event('fed_back', row.finishedAt!, { satisfaction: row.satisfaction ?? 'unknown' });
            event('archived', row.finishedAt!);
          }
          if (row.outcome || row.note) {
            documents.push({
              id: randomUUID(), petitionId: id, kind: 'ledger_import', author: actor, accepted: true, createdAt: row.finishedAt ?? row.receivedAt,
              body: { outcome: row.outcome, note: row.note, importId, fileName: preview.fileName, line: row.line },
            });
          }
          result.push({
            number, externalNumber: row.registerNumber, state: row.state,
            overdue: acceptanceDue !== null && acceptanceDue.getTime() <= now.getTime(),
            // What the open row's workflow decides from the same facts (集体访, 上级交办): named in the summary mail,
            // which is the leadership's only mail about it (the workflow sends none, patch ledger-import-alert-in-summary).
            alerts: closed ? [] : decideAlertReasons({ peopleCount: row.peopleCount, channel: row.channel }),
          });
        }
        await bulkInsert(tx, 'Petitioner', [['id', 'text'], ['name', 'text'], ['phone', 'text']], petitioners, { consentToDisclose: 'false', createdAt: 'CURRENT_TIMESTAMP' });
        await bulkInsert(tx, 'Petition', petitionColumns, petitions, { cooperatingDepartments: "'{}'::text[]", updatedAt: 'CURRENT_TIMESTAMP' });
        await bulkInsert(tx, 'PetitionEvent', eventColumns, events);
        await bulkInsert(tx, 'PetitionDocument', documentColumns, documents);
        await recordAudit(tx, auditEntry('imported', { created: result.length, byState: preview.byState }));
        return result;
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    // The same rows committed by a concurrent import of the same file (a double submit): nothing was written here.
    if (!isUniqueViolation(error)) throw error;
    const again = await check(context, file, table, now);
    if (again.rows.length > 0) throw error;
    await audit('unchanged', { concurrent: true });
    return {
      ...again.preview, outcome: 'unchanged', importId, created: [], started: 0,
      message: `该文件的记录已由同时进行的另一次导入写入（${again.preview.alreadyImported} 条），本次未新增任何记录`,
    };
  }

  const openIds = await prisma.petition.findMany({
    where: { registrationKey: { in: rows.filter((r) => r.state === 'open').map((r) => r.key) } },
    select: { id: true },
  });
  const started = await startAll(context, openIds.map((p) => p.id));
  await startSummary(context, importId, actor, created);
  const counts = `办结 ${preview.byState.finished} 件、不予受理 ${preview.byState.declined} 件、在办 ${preview.byState.open} 件`;
  const skipped = preview.alreadyImported > 0 ? `；${preview.alreadyImported} 条此前已导入，已跳过` : '';
  return { ...preview, outcome: 'imported', importId, created, started, message: `已导入 ${created.length} 条（${counts}）${skipped}` };
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}` : String(error);
  return /23505|unique constraint|Unique constraint|P2002/.test(text);
}

/** Starts the open rows' workflows, a few at a time; one that fails to start is retried by startPendingWorkflows. */
async function startAll(context: LedgerImportContext, ids: string[]): Promise<number> {
  let next = 0;
  let started = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      await startWorkflowFor(context, id);
      started += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ids.length) }, lane));
  return started;
}

/** The summary workflow's input: system numbers and reason codes only (no personal data in its history). */
export type LedgerSummaryInput = LedgerSummaryRequest;

async function startSummary(context: LedgerImportContext, importId: string, actor: string, created: LedgerImportOutcome['created']): Promise<void> {
  const counts = { finished: 0, declined: 0, open: 0 };
  for (const { state } of created) counts[state] += 1;
  // The open rows only: the closed ones are counted (their numbers would make the workflow input grow with the file).
  const open = created.filter((c) => c.state === 'open').map(({ number, state, overdue, alerts }) => ({ number, state, overdue, ...(alerts.length > 0 ? { alerts } : {}) }));
  const input: LedgerSummaryInput = { importId, actor, at: new Date().toISOString(), counts, created: open };
  await context.temporal.workflow.start('ledgerImportSummaryWorkflow', {
    workflowId: ledgerSummaryWorkflowId(importId),
    taskQueue: context.taskQueue,
    args: [input],
  });
}
