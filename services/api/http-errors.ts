import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

/** Bad input gets a 4xx with a reason in Chinese and the English field names; nothing else leaks out. */

const issueMessagesZh: Record<string, string> = {
  invalid_type: '类型错误或缺失',
  invalid_value: '取值无效',
  invalid_format: '格式无效',
  too_small: '过短或过小',
  too_big: '过长或过大',
  unrecognized_keys: '包含不允许的字段',
  not_multiple_of: '精度不符合要求',
  custom: '取值无效',
};

export interface FieldError {
  field: string;
  message: string;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  const result: FieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) result.push({ field: base ? `${base}.${key}` : key, message: '不允许的字段 (unknown field)' });
      continue;
    }
    const zh = issue.code === 'custom' ? issue.message : issueMessagesZh[issue.code] ?? '取值无效';
    result.push({ field: base || '(body)', message: `${zh} (${issue.message})` });
  }
  return result;
}

export function sendBadRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: '请求参数无效', fields: fieldErrors(error) });
}

export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}

/**
 * The database could not serve the request in time (Prisma: P2028, a transaction not started within its wait; P2024,
 * no pooled connection in time; P1001/P1002, the server unreachable or too slow). Nothing was committed — a
 * registration's number is taken inside its transaction — so the caller may simply send it again (with the same
 * registrationKey it is never registered twice): 503 with Retry-After, not a 500.
 */
const DATABASE_BUSY_CODES = new Set(['P2028', 'P2024', 'P1001', 'P1002']);
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 5;
export const DATABASE_BUSY_MESSAGE = '系统繁忙，本次请求未保存任何内容，请稍后重试 (database busy: nothing was stored, retry later)';

export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DATABASE_BUSY_CODES.has(code);
}

interface HttpParserError {
  type?: string;
  status?: number;
}

export function jsonErrorHandler(log: { error(obj: object, msg: string): void }): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const parserError = error as HttpParserError;
    // Written by the sanitising step (./security.ts) for staff and petitioners alike: the one parser text shown.
    if (parserError.type === 'body.unstorable' && error instanceof Error) return sendError(res, 400, error.message);
    if (parserError.type === 'audit.unavailable' && error instanceof Error) {
      log.error({ err: (error as Error & { reason?: unknown }).reason }, 'audit trail write failed: request refused');
      return sendError(res, 503, error.message);
    }
    if (parserError.type === 'entity.parse.failed') return sendError(res, 400, '请求体不是有效的 JSON (body is not valid JSON)');
    if (parserError.type === 'entity.too.large') return sendError(res, 413, '请求体过大 (body too large)');
    if (parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported') {
      return sendError(res, 415, '不支持的编码 (unsupported encoding)');
    }
    if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      return sendError(res, parserError.status, '请求无效 (bad request)');
    }
    if (isDatabaseBusy(error)) {
      log.error({ err: error }, 'database busy: request refused with 503');
      res.setHeader('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
      return sendError(res, 503, DATABASE_BUSY_MESSAGE);
    }
    log.error({ err: error }, 'unhandled error');
    return sendError(res, 500, '服务器内部错误 (internal error)');
  };
}
