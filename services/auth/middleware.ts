import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AuthSettings } from './auth-settings';
import { readCookie, SESSION_COOKIE } from './cookies';
import { isRole, type Permission, type Principal, hasPermission } from './roles';
import { resumeSession } from './sessions';

/** What a request proved about who sent it; kept beside the request, not on it, so no type augmentation is needed. */
interface Authentication {
  principal?: Principal;
  csrfToken?: string;
  /** Set when credentials were presented but are not acceptable. */
  refusal?: { status: 401 | 403; message: string };
  /** Whose session the cookie named, when it had just expired (services/console/drafts.ts). */
  expiredStaffId?: string;
}

const authentications = new WeakMap<Request, Authentication>();

export function principalOf(req: Request): Principal | undefined {
  return authentications.get(req)?.principal;
}

/** The staff member whose session this request's cookie named, when it was found expired on this request. */
export function expiredSessionStaffOf(req: Request): string | undefined {
  return authentications.get(req)?.expiredStaffId;
}

export function csrfTokenOf(req: Request): string | undefined {
  return authentications.get(req)?.csrfToken;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const staffIdPattern = /^[a-z0-9][a-z0-9-]{1,31}$/;

/** A staff member; for an API-token call, with the calling service (`service:<name>`, one token, one service). */
async function staffPrincipal(prisma: PrismaClient, staffId: string, via: Principal['via'], service?: string): Promise<Principal | undefined> {
  const staff = await prisma.staffMember.findUnique({ where: { id: staffId } });
  if (!staff || !staff.active || !isRole(staff.role)) return undefined;
  const principal: Principal = { staffId: staff.id, name: staff.name, role: staff.role, departmentCode: staff.departmentCode, actor: `staff:${staff.id}`, via };
  return service ? { ...principal, service } : principal;
}

/**
 * Accepts either a console session cookie or, for services and tests, `Authorization: Bearer <API_TOKEN>`.
 * With the token, `X-Staff-Id` names the staff member the call acts for (and whose role applies); without it the
 * call is the service itself (`service:<API_TOKEN_SERVICE>`, by default `service:api`): it may read with administrator
 * rights and register, is recorded as the service, and may not run a command on a petition
 * (services/auth/petition-access.ts).
 */
export function authenticate(prisma: PrismaClient, settings: AuthSettings): RequestHandler {
  return async (req, _res, next) => {
    try {
      authentications.set(req, await authenticationOf(prisma, settings, req));
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function authenticationOf(prisma: PrismaClient, settings: AuthSettings, req: Request): Promise<Authentication> {
  const authorization = req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match || !settings.apiToken || !sameSecret(match[1], settings.apiToken)) {
      return { refusal: { status: 401, message: '未登录或凭证无效：API 令牌不正确 (invalid API token)' } };
    }
    const staffId = req.header('x-staff-id');
    const service = settings.serviceActor;
    if (!staffId) {
      return { principal: { staffId: service, name: 'API', role: 'admin', departmentCode: null, actor: service, via: 'api-token', service } };
    }
    const principal = staffIdPattern.test(staffId) ? await staffPrincipal(prisma, staffId, 'api-token', service) : undefined;
    if (!principal) return { refusal: { status: 403, message: `无权操作：未知或已停用的工作人员 ${staffId.slice(0, 40)} (unknown staff member)` } };
    return { principal };
  }
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return {};
  let expiredStaffId: string | undefined;
  const session = await resumeSession(prisma, token, settings, new Date(), (staffId) => {
    expiredStaffId = staffId;
  });
  if (!session) return { refusal: { status: 401, message: '登录已过期，请重新登录 (session expired)' }, expiredStaffId };
  const principal = await staffPrincipal(prisma, session.staffId, 'session');
  if (!principal) return { refusal: { status: 401, message: '账号已停用，请联系管理员 (account disabled)' } };
  return { principal, csrfToken: session.csrfToken };
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A cross-site page cannot set a custom header nor read the token, and browsers send Origin on every POST. */
export function csrfRefusal(req: Request, submittedToken: string | undefined): string | undefined {
  const auth = authentications.get(req);
  if (!auth?.principal || auth.principal.via !== 'session' || !unsafeMethods.has(req.method)) return undefined;
  const origin = req.header('origin');
  if (origin && origin !== `${req.protocol}://${req.header('host')}`) return '请求来源不符 (cross-origin request refused)';
  if (!submittedToken || !auth.csrfToken || !sameSecret(submittedToken, auth.csrfToken)) {
    return '表单已失效，请刷新页面后重试 (missing or wrong CSRF token)';
  }
  return undefined;
}

/** The JSON API: 401 without credentials, 403 for a bad CSRF token on a session-cookie write. */
export function requireApiPrincipal(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = authentications.get(req);
    if (auth?.refusal) return void res.status(auth.refusal.status).json({ error: auth.refusal.message });
    if (!auth?.principal) {
      return void res.status(401).json({ error: '未登录：请登录控制台，或使用 API 令牌 (authentication required)' });
    }
    const csrf = csrfRefusal(req, req.header('x-csrf-token'));
    if (csrf) return void res.status(403).json({ error: csrf });
    next();
  };
}

/** Sends 403 and returns false when the signed-in person lacks the permission. */
export function allow(req: Request, res: Response, permission: Permission): boolean {
  const principal = principalOf(req);
  if (principal && hasPermission(principal, permission)) return true;
  res.status(403).json({ error: '无权操作：您的角色不能执行此操作 (forbidden for your role)' });
  return false;
}
