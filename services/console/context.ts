import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthSettings } from '../auth/auth-settings';
import { csrfRefusal, csrfTokenOf, principalOf } from '../auth/middleware';
import { hasPermission, type Permission, type Principal } from '../auth/roles';
import type { RegistrationContext } from '../petitions/registration';
import { page } from './layout';
import { html } from './html';
import { chineseOnly } from './staff-words';
import { departmentNameOf } from './department-name';
import { calendarReminderOf } from './calendar-reminder';

export interface ConsoleContext extends RegistrationContext {
  hospitalName: string;
  publicBaseUrl: string;
  temporalUiUrl?: string;
  namespace: string;
  auth: AuthSettings;
  log: Logger;
  /** 分办规则: category → the department the 交办 form preselects (config/hospital.json). */
  routing?: Partial<Record<string, string>>;
  /** A missing State Council holiday schedule, in staff words (./calendar-reminder.ts). */
  calendarReminder?: (now: Date) => string | undefined;
}

/** The signed-in person, or a redirect to the sign-in page. */
export function signedIn(req: Request, res: Response): Principal | undefined {
  const principal = principalOf(req);
  if (principal?.via === 'session') return principal;
  const next = encodeURIComponent(req.originalUrl);
  res.redirect(303, `/console/login?next=${next}`);
  return undefined;
}

export function forbidden(req: Request, res: Response, principal: Principal, message = '您的角色无权访问此页面'): void {
  res.status(403).type('html').send(page({ title: '无权访问', principal, csrfToken: csrfTokenOf(req), body: html`<p class="flash error">${message}</p>`, departmentName: departmentNameOf(res) }));
}

export function permitted(req: Request, res: Response, permission: Permission): Principal | undefined {
  const principal = signedIn(req, res);
  if (!principal) return undefined;
  if (hasPermission(principal, permission)) return principal;
  forbidden(req, res, principal);
  return undefined;
}

/** Form posts carry the session's CSRF token in `_csrf` and come from this origin. */
export function checkedForm(req: Request, res: Response): Principal | undefined {
  const principal = signedIn(req, res);
  if (!principal) return undefined;
  const token = typeof req.body?._csrf === 'string' ? req.body._csrf : undefined;
  const refusal = csrfRefusal(req, token);
  if (!refusal) return principal;
  res.status(403).type('html').send(page({ title: '请求被拒绝', principal, csrfToken: csrfTokenOf(req), body: html`<p class="flash error">${refusal}</p>` }));
  return undefined;
}

/** The page's message; staff read it in Chinese only (the API's English explanations are dropped, ./staff-words.ts). */
export function flashOf(req: Request): { ok?: string; error?: string } {
  const pick = (value: unknown) => (typeof value === 'string' ? chineseOnly(value.slice(0, 300)) : undefined);
  return { ok: pick(req.query.ok), error: pick(req.query.error) };
}

export function render(req: Request, res: Response, principal: Principal | undefined, title: string, body: ReturnType<typeof html>, scripts?: string[]): void {
  res.type('html').send(page({ title, principal, csrfToken: csrfTokenOf(req), body, flash: flashOf(req), scripts, departmentName: departmentNameOf(res), notice: calendarReminderOf(res) }));
}

export function temporalWorkflowUrl(context: ConsoleContext, workflowId: string): string | undefined {
  if (!context.temporalUiUrl) return undefined;
  return `${context.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(context.namespace)}/workflows/${workflowId}`;
}
