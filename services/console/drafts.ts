/**
 * A draft survives a session timeout (issue 13). A console form (登记, or any action form on a petition page) posted
 * after its session expired is not lost: what was typed is kept server-side for a short while (ConsoleDraft), keyed
 * to the browser by a random token in an HttpOnly cookie of its own (only the token's SHA-256 is stored, nothing of
 * it in a URL), the person is sent to sign in with "登录已过期，已为您保留填写内容", and sign-in returns to the form's
 * page with the fields filled in. The draft is used once and nothing is submitted until the button is pressed again;
 * the form's idempotency token (`_form`, ./form-token.ts) is kept with it, so the resubmission is still done once.
 *
 * Why on the server and not in the browser's sessionStorage: the post has already left the page when the server
 * finds the session gone, so a browser-side copy needs script on every form page saving before each submit and
 * guessing afterwards whether the submit failed; the server knows, keeps exactly what was posted, and works the same
 * for every form without script. Only a post that carried this site's (expired) session cookie and comes from this
 * origin is kept (a cross-site post carries no SameSite=Strict cookie), the draft lives DRAFT_LIFETIME_MS, and the
 * number of live drafts is capped, so an unauthenticated post cannot fill the table.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { parseRegisterNumber } from '../../workflows/ids';
import { readCookie, SESSION_COOKIE } from '../auth/cookies';
import { expiredSessionStaffOf, principalOf } from '../auth/middleware';
import type { Principal } from '../auth/roles';
import { commandBySlug } from '../petitions/command-catalog';

export const DRAFT_COOKIE = 'xf_draft';
/** Long enough to find one's password; short enough that a petitioner's details do not linger. */
export const DRAFT_LIFETIME_MS = 30 * 60_000;
/** Live drafts at most (across all browsers); beyond it a post is not kept. */
const MAX_LIVE_DRAFTS = 1000;

/** What the sign-in page and the restored form say. */
export const DRAFT_KEPT_MESSAGE = '登录已过期，已为您保留填写内容';
export const DRAFT_RESTORED_MESSAGE = '登录已过期，已为您保留填写内容。请核对后再次提交（尚未提交）。';

export type DraftFields = Record<string, string | string[]>;

export interface Draft {
  /** "register", or the command key of the action form. */
  form: string;
  fields: DraftFields;
}

const draftIdOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const tokenPattern = /^[A-Za-z0-9_-]{40,60}$/;

function cookieOptions(secure: boolean, expires?: Date) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/console', ...(expires ? { expires } : {}) };
}

/** The typed fields of a post: strings and lists of strings, never the CSRF token (the form's `_form` token stays). */
function fieldsOf(body: unknown): DraftFields {
  const fields: DraftFields = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf' || key.length > 64) continue;
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value)) fields[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

/** The page a posted form is on, and which form it is; undefined for a post that is not a console form. */
function formOf(req: Request): { pagePath: string; form: string } | undefined {
  if (req.path === '/register') return { pagePath: '/console/register', form: 'register' };
  const match = /^\/petitions\/([^/]+)\/([^/]+)$/.exec(req.path);
  if (!match || !parseRegisterNumber(match[1])) return undefined;
  const command = commandBySlug(match[2]);
  return command ? { pagePath: `/console/petitions/${match[1]}`, form: command.key } : undefined;
}

function sameOrigin(req: Request): boolean {
  const origin = req.header('origin');
  return !origin || origin === `${req.protocol}://${req.header('host')}`;
}

/**
 * Before the console's form routes: a post whose session has expired keeps its draft and goes to sign-in with the
 * message; every other request goes on (a post with no session cookie at all gets the ordinary sign-in redirect).
 */
export function keepDraftOnExpiry(prisma: PrismaClient, secureCookies: boolean) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (req.method !== 'POST' || principalOf(req)?.via === 'session' || req.header('authorization')) return next();
      const target = formOf(req);
      if (!target || !readCookie(req, SESSION_COOKIE) || !sameOrigin(req)) return next();
      const now = new Date();
      await prisma.consoleDraft.deleteMany({ where: { expiresAt: { lte: now } } });
      const previous = readCookie(req, DRAFT_COOKIE);
      if (previous && tokenPattern.test(previous)) await prisma.consoleDraft.deleteMany({ where: { id: draftIdOf(previous) } });
      if ((await prisma.consoleDraft.count()) >= MAX_LIVE_DRAFTS) return next();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + DRAFT_LIFETIME_MS);
      const staffId = expiredSessionStaffOf(req) ?? null;
      await prisma.consoleDraft.create({ data: { id: draftIdOf(token), pagePath: target.pagePath, form: target.form, staffId, fields: fieldsOf(req.body), createdAt: now, expiresAt } });
      res.cookie(DRAFT_COOKIE, token, cookieOptions(secureCookies, expiresAt));
      res.redirect(303, `/console/login?next=${encodeURIComponent(target.pagePath)}`);
    } catch (error) {
      next(error);
    }
  };
}

async function liveDraft(prisma: PrismaClient, req: Request) {
  const token = readCookie(req, DRAFT_COOKIE);
  if (!token || !tokenPattern.test(token)) return undefined;
  const draft = await prisma.consoleDraft.findUnique({ where: { id: draftIdOf(token) } });
  return draft && draft.expiresAt.getTime() > Date.now() ? draft : undefined;
}

/** Whether this browser has a draft waiting (the sign-in page says so). */
export async function hasDraft(prisma: PrismaClient, req: Request): Promise<boolean> {
  return Boolean(await liveDraft(prisma, req));
}

/**
 * The draft for this page, taken (deleted, its cookie cleared) so it fills the form once; undefined when this
 * browser has none for the page, or it is someone else's (another person signing in on the same browser does not
 * get it; it waits for its owner until it expires). Call it only for a person allowed to see the page.
 */
export async function takeDraft(prisma: PrismaClient, req: Request, res: Response, pagePath: string, secureCookies: boolean, principal: Principal): Promise<Draft | undefined> {
  const draft = await liveDraft(prisma, req);
  if (!draft || draft.pagePath !== pagePath) return undefined;
  if (draft.staffId && draft.staffId !== principal.staffId) return undefined;
  await prisma.consoleDraft.deleteMany({ where: { id: draft.id } });
  res.clearCookie(DRAFT_COOKIE, cookieOptions(secureCookies));
  return { form: draft.form, fields: draft.fields as DraftFields };
}
