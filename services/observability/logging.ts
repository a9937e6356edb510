import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { parseRegisterNumber, petitionWorkflowId, registerNumberFromWorkflowId } from '../../workflows/ids';

export type { Logger } from 'pino';

/** One JSON line per event on stdout; a log shipper picks them up from there. */
export function createLogger(level: string, service = 'petitions'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** `petition:XF-2026-000001` → `XF-2026-000001`, so every line about a petition can be found by its register number. */
export function registerNumberOfWorkflow(workflowId: unknown): string | undefined {
  return typeof workflowId === 'string' ? registerNumberFromWorkflowId(workflowId) : undefined;
}

/** Probes and scrapes come every few seconds; their lines are kept to debug level. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const PETITION_PATH = /^\/api\/petitions\/(XF-\d{4}-\d{6})(?:\/|$)/;

/**
 * Gives every request a child logger (res.locals.log) carrying a request id and, for petition routes, the register
 * number and workflow id, then writes one line when the response is sent.
 */
export function requestLogging(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Routers rewrite req.url on the way down; the path as the client sent it is taken now.
    const path = req.path;
    const candidate = PETITION_PATH.exec(path)?.[1];
    const registerNumber = candidate && parseRegisterNumber(candidate) ? candidate : undefined;
    const requestId = req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const child = log.child({
      requestId,
      ...(registerNumber && { registerNumber, workflowId: petitionWorkflowId(registerNumber) }),
    });
    res.locals.log = child;
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 };
      if (res.statusCode >= 500) child.error(line, 'request failed');
      else if (QUIET_PATHS.has(path)) child.debug(line, 'request');
      else child.info(line, 'request');
    });
    next();
  };
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal Runtime's logger backed by pino. Workflow and activity loggers (`log` from @temporalio/workflow and
 * @temporalio/activity) reach it with workflowId in their metadata; the register number is added from it.
 */
export function temporalLoggerOn(log: Logger): TemporalLogger {
  const temporalLog = log.child({ component: 'temporal' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const registerNumber = registerNumberOfWorkflow(meta?.workflowId);
    const fields = { ...meta, ...(registerNumber && { registerNumber }) };
    temporalLog[PINO_LEVEL[level] ?? 'info'](fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
