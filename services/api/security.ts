import type { Express, RequestHandler } from 'express';
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

/** PostgreSQL text cannot hold U+0000; such a body would fail deep in the record store instead of being refused. */
function holdsNulCharacter(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (next && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/** Runs after the JSON parser: text the database cannot store is a bad request, refused before any work starts. */
export const refuseUnstorableText: RequestHandler = (req, res, next) => {
  if (holdsNulCharacter(req.body)) return sendError(res, 400, '请求包含不允许的空字符 U+0000 (body contains a NUL character)');
  next();
};
