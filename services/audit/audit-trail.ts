/**
 * The audit trail's one writer (AuditLog, append-only in the database: no UPDATE, DELETE or TRUNCATE). Every view of
 * personal data, every command, every export and import, every sign-in and every refused request on a petition
 * route is one row: who (actor, and the calling service for API-token calls), when, which petition, which fields,
 * what came of it. A write that fails throws: the caller fails its request rather than act unrecorded, or passes a
 * transaction client so the row commits with the change it records.
 *
 * Stable API for other modules (the ledger import, issue 12, writes its own 'ledger-import' rows the same way):
 *   recordAudit(db, entry)            db: PrismaClient or a $transaction client
 *   auditEntryOf(req, entry)          entry plus ip, user agent, actor and via taken from the request
 */
import type { Request } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { principalOf } from '../auth/middleware';

export interface AuditEntry {
  /** `staff:<id>`, `service:<name>` (API_TOKEN_SERVICE), `dept:<code>` (a mailed link), `petitioner` (the lookup) or `anonymous`. */
  actor: string;
  /** `petition.view`, `command.<key>`, `export.letter`, `sign-in`, `refused`, `ledger-import`, … */
  action: string;
  /** `ok`, `refused`, `failed`, `locked`, … */
  outcome: string;
  petitionId?: string | null;
  number?: string | null;
  linkJti?: string | null;
  /** The personal data shown (`petitioner.phone`), or the inputs a command carried. */
  fields?: string[];
  detail?: string;
  status?: number;
  /** API-token calls: the service that called on the actor's behalf. */
  via?: string | null;
  /** The account an event concerns (sign-ins): `staff:<id>`. */
  subject?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** What recordAudit needs of a client: the plain client and a $transaction client both qualify. */
export interface AuditDb {
  auditLog: Pick<PrismaClient['auditLog'], 'create'>;
}

function clipped(value: string | null | undefined, max: number): string | null {
  if (!value) return null;
  return value.length > max ? value.slice(0, max) : value;
}

const audited = new WeakSet<Request>();

/** Whether a row was already written for this request (the refusal recorder then writes none). */
export function wasAudited(req: Request): boolean {
  return audited.has(req);
}

export function markAudited(req: Request): void {
  audited.add(req);
}

/** The trail could not be written: the request fails with 503 (./../api/http-errors.ts) and nothing is shown. */
export class AuditUnavailable extends Error {
  readonly status = 503;
  readonly type = 'audit.unavailable';
  constructor(readonly reason: unknown) {
    super('审计日志暂时无法写入，请求未执行，请稍后重试 (the audit trail cannot be written)');
  }
}

/** Appends one row; throws AuditUnavailable when it cannot be written. */
export async function recordAudit(db: AuditDb, entry: AuditEntry): Promise<void> {
  try {
    await writeRow(db, entry);
  } catch (error) {
    throw error instanceof AuditUnavailable ? error : new AuditUnavailable(error);
  }
}

async function writeRow(db: AuditDb, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: clipped(entry.actor, 80) ?? 'anonymous',
      action: clipped(entry.action, 80) ?? 'unknown',
      outcome: clipped(entry.outcome, 40) ?? 'unknown',
      petitionId: entry.petitionId ?? null,
      number: clipped(entry.number, 40),
      linkJti: entry.linkJti ?? null,
      fields: (entry.fields ?? []).slice(0, 50).map((field) => field.slice(0, 80)),
      detail: clipped(entry.detail, 1000),
      status: entry.status ?? null,
      via: clipped(entry.via, 80),
      subject: clipped(entry.subject, 80),
      ip: clipped(entry.ip, 64),
      userAgent: clipped(entry.userAgent, 400),
    },
  });
}

/** The entry with the request's facts: the signed-in person or token call (actor, via), address and user agent. */
export function auditEntryOf(req: Request, entry: Omit<AuditEntry, 'actor'> & { actor?: string }): AuditEntry {
  markAudited(req);
  const principal = principalOf(req);
  return {
    ...entry,
    actor: entry.actor ?? principal?.actor ?? 'anonymous',
    via: entry.via ?? (principal?.via === 'api-token' ? principal.service : undefined),
    ip: req.ip,
    userAgent: req.get('user-agent'),
  };
}

/** Records for a request and throws on failure: the request then fails instead of going unrecorded. */
export async function auditRequest(db: AuditDb, req: Request, entry: Omit<AuditEntry, 'actor'> & { actor?: string }): Promise<void> {
  await recordAudit(db, auditEntryOf(req, entry));
}

/** Names of the personal data in a petitioner record that are present (non-empty): `petitioner.<field>`. */
export function petitionerFieldsShown(petitioner: Record<string, unknown> | null | undefined, prefix = 'petitioner'): string[] {
  if (!petitioner) return [];
  const personal = ['name', 'phone', 'email', 'idNumber', 'address', 'relationToPatient', 'patientName'];
  return personal.filter((key) => petitioner[key] !== undefined && petitioner[key] !== null && petitioner[key] !== '').map((key) => `${prefix}.${key}`);
}

/** The personal data a petition record (as shown, after redaction) carries: petitioner fields, query code, content. */
export function personalFieldsOf(shown: Record<string, unknown>): string[] {
  const fields = petitionerFieldsShown(shown.petitioner as Record<string, unknown> | null | undefined);
  for (const key of ['queryCode', 'content', 'complainedAbout']) {
    if (shown[key] !== undefined && shown[key] !== null && shown[key] !== '') fields.push(key);
  }
  return fields;
}
