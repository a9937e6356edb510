import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Settings } from '../config';
import { sendError } from './http-errors';

/**
 * HTTP hardening shared by every deployment shape: security headers, and per-client request budgets for the
 * endpoints people outside the hospital can reach (link pages, the query-code lookup) and, more generously, the API.
 * Budgets are per client IP and kept in memory, so each API process counts on its own.
 */

export interface SecuritySettings {
  apiPerMinute: number;
  linksPerMinute: number;
  lookupPerMinute: number;
  trustProxy?: string;
  /** Served over HTTPS: browsers are told to stay on HTTPS (HSTS) and to upgrade insecure requests. */
  https: boolean;
}

/** The budgets and proxy setting of the parsed environment (services/config.ts). */
export function securitySettingsFrom(settings: Settings): SecuritySettings {
  return {
    apiPerMinute: settings.RATE_LIMIT_API_PER_MINUTE,
    linksPerMinute: settings.RATE_LIMIT_LINKS_PER_MINUTE,
    lookupPerMinute: settings.RATE_LIMIT_LOOKUP_PER_MINUTE,
    trustProxy: settings.TRUST_PROXY,
    https: (settings.PUBLIC_BASE_URL ?? '').startsWith('https:'),
  };
}

/**
 * Pages are rendered on the server and load scripts and styles from this origin only; nothing inline may run.
 * Pages with needs of their own (the mail catcher's inbox) set a stricter policy on their responses.
 */
export function securityHeaders(settings: Pick<SecuritySettings, 'https'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // On plain HTTP (the embedded setup on localhost) an upgrade would break every page.
        upgradeInsecureRequests: settings.https ? [] : null,
      },
    },
    strictTransportSecurity: settings.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/** A per-client budget of `perMinute` requests; beyond it 429 with a reason and a Retry-After header. */
export function requestBudget(perMinute: number, what: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 429, `请求过于频繁，请稍后再试 (too many requests to ${what})`),
  });
}

/** Headers first, then the budgets, before any route or body parser runs. */
export function applySecurity(app: Express, settings: SecuritySettings): void {
  if (settings.trustProxy) {
    const hops = Number(settings.trustProxy);
    app.set('trust proxy', Number.isInteger(hops) ? hops : settings.trustProxy);
  }
  app.use(securityHeaders(settings));
  app.use('/api', requestBudget(settings.apiPerMinute, 'the API'));
  app.use('/links', requestBudget(settings.linksPerMinute, 'link pages'));
  app.use('/lookup', requestBudget(settings.lookupPerMinute, 'the lookup'));
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a piece of text cannot be stored: U+0000 (PostgreSQL text cannot hold it) or a lone surrogate (not UTF-8). */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return '请求包含不允许的空字符 U+0000 (body contains a NUL character)';
  if (loneSurrogate.test(text)) return '请求包含无效的文字编码 (body contains invalid text: a lone surrogate)';
  return undefined;
}

/** The first reason any string (or key) in a parsed body cannot be stored; walks arrays and objects. */
export function unstorableValueReason(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      const reason = unstorableTextReason(next);
      if (reason) return reason;
    } else if (next && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        const reason = unstorableTextReason(key);
        if (reason) return reason;
        pending.push(inner);
      }
    }
  }
  return undefined;
}

/** A body refused before parsing: the error handler (./http-errors.ts) answers 400 with this reason. */
export class UnstorableBody extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'body.unstorable';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The one sanitising step every body parser runs on the raw bytes before it parses them (body-parser's `verify`;
 * a multipart parser calls it on each text field): the bytes must be UTF-8, hold no NUL, and in a URL-encoded
 * form every %-escape must decode to UTF-8. Throws UnstorableBody, which the parser passes on as a 400.
 */
export function sanitiseRawBody(buffer: Buffer, kind: 'json' | 'form' | 'text'): void {
  let text: string;
  try {
    text = strictUtf8.decode(buffer);
  } catch {
    throw new UnstorableBody('请求包含无效的文字编码，应为 UTF-8 (body is not valid UTF-8)');
  }
  if (text.includes('\u0000')) throw new UnstorableBody('请求包含不允许的空字符 U+0000 (body contains a NUL character)');
  if (kind !== 'form') return;
  for (const piece of text.split(/[&=]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(piece.replace(/\+/g, ' '));
    } catch {
      throw new UnstorableBody('请求包含无效的文字编码，应为 UTF-8 (form has an invalid %-escape)');
    }
    const reason = unstorableTextReason(decoded);
    if (reason) throw new UnstorableBody(reason);
  }
}

/** Runs after every parser: text the database cannot store (a JSON \u0000 escape, say) is a 400 before any work. */
export const refuseUnstorableText: RequestHandler = (req, res, next) => {
  const reason = unstorableValueReason(req.body);
  if (reason) return sendError(res, 400, reason);
  next();
};

/** The JSON parser of the API: raw bytes sanitised first, parsed values checked after. */
export function jsonBody(limit = '256kb'): RequestHandler[] {
  return [express.json({ limit, verify: (_req, _res, buffer) => sanitiseRawBody(buffer, 'json') }), refuseUnstorableText];
}

/** The URL-encoded form parser of the console, the link pages and the lookup, with the same two checks. */
export function formBody(options: { limit: string; parameterLimit?: number }): RequestHandler[] {
  return [
    express.urlencoded({ extended: false, ...options, verify: (_req, _res, buffer) => sanitiseRawBody(buffer, 'form') }),
    refuseUnstorableText,
  ];
}

/**
 * multipart/form-data: each part's headers, and the content of each part that is not a file, go through the same
 * check as any form (files are bytes and stay as they are). Parts are found by the boundary; a body that does not
 * parse is left to the route's own multipart parser to refuse.
 */
export function sanitiseMultipart(buffer: Buffer, contentType: string | undefined): void {
  const boundary = /\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  if (!boundary) return;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = buffer.indexOf(delimiter);
  while (start >= 0) {
    start += delimiter.length;
    const next = buffer.indexOf(delimiter, start);
    if (next < 0) return;
    const part = buffer.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split);
      sanitiseRawBody(headers, 'text');
      if (!/\bfilename\*?=/i.test(headers.toString('utf8'))) sanitiseRawBody(part.subarray(split + 4, Math.max(split + 4, part.length - 2)), 'text');
    }
    start = next;
  }
}

/**
 * The sanitising step for multipart bodies, before any route's parser: the body is read once (raw, `limit` by path)
 * and checked; the route's own multipart parser then reads the same bytes from `req.body`.
 */
export function multipartBody(limits: Array<{ path: string; limit: string }>, fallback: string): RequestHandler {
  const parsers = [...limits, { path: '', limit: fallback }].map(({ path, limit }) => ({
    path,
    parse: express.raw({ type: 'multipart/form-data', limit, verify: (req, _res, buffer) => sanitiseMultipart(buffer, req.headers['content-type']) }),
  }));
  return (req, res, next) => {
    const parser = parsers.find(({ path }) => req.path === path || path === '')!;
    parser.parse(req, res, next);
  };
}

/** Personal data must not stay in browser or proxy caches: console pages, API JSON, PDF letters. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};
