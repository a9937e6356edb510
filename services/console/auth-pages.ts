import { Router, type Request, type Response } from 'express';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from '../auth/cookies';
import { csrfTokenOf, principalOf } from '../auth/middleware';
import { setStaffPassword, verifyPassword, WeakPasswordError, UnknownStaffMember, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { staffIdPattern } from '../auth/middleware';
import { roleLabel } from '../auth/roles';
import { closeSession, openSession } from '../auth/sessions';
import { accountFailures, signInBlock, signInBlockMessages, signInSubject, SIGN_IN_LIMITS } from '../auth/sign-in-limits';
import { AuditUnavailable, auditEntryOf, auditRequest, recordAudit } from '../audit/audit-trail';
import { checkedForm, permitted, render, type ConsoleContext } from './context';
import { html, options } from './html';
import { page } from './layout';
import { DRAFT_KEPT_MESSAGE, hasDraft } from './drafts';

function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/console(\/[A-Za-z0-9/_\-.?=&%]*)?$/.test(value) ? value : '/console/ledger';
}

function loginPage(res: Response, next: string, error?: string, status = 200, draftKept = false): void {
  res.status(status).type('html').send(
    page({
      title: '登录',
      flash: { error, ok: draftKept ? DRAFT_KEPT_MESSAGE : undefined },
      body: html`<form method="post" action="/console/login" class="card narrow">
  <input type="hidden" name="next" value="${next}">
  <label>工号 <input name="staffId" autocomplete="username" required autofocus></label>
  <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">登录</button>
</form>`,
    }),
  );
}

function originMatches(req: Request): boolean {
  const origin = req.header('origin');
  return !origin || origin === `${req.protocol}://${req.header('host')}`;
}

export function authPages(context: ConsoleContext): Router {
  const router = Router();
  const { prisma, auth } = context;
  router.get('/login', async (req, res) => {
    if (principalOf(req)?.via === 'session') return res.redirect(303, safeNext(req.query.next));
    loginPage(res, safeNext(req.query.next), undefined, 200, await hasDraft(prisma, req));
  });

  // Limits per account and per address, counted from the audit trail (services/auth/sign-in-limits.ts); every
  // attempt is a row written before the answer (a success in the same transaction as its session).
  router.post('/login', async (req, res) => {
    const next = safeNext(req.body?.next);
    // Sign-in CSRF: SameSite=Strict does not cover a form that creates the session, the Origin check does.
    if (!originMatches(req)) return loginPage(res, next, '请求来源不符', 403);
    const staffId = typeof req.body?.staffId === 'string' ? req.body.staffId.trim() : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    if (!staffId) return loginPage(res, next, '工号或密码错误', 401);
    const subject = signInSubject(staffId);
    const attempt = (outcome: string, status: number, actor = 'anonymous') =>
      auditEntryOf(req, { actor, action: 'sign-in', outcome, subject, status });
    const block = await signInBlock(prisma, staffId, req.ip);
    if (block) {
      await recordAudit(prisma, attempt(block === 'account-locked' ? 'locked' : 'address-limited', 429));
      return loginPage(res, next, signInBlockMessages[block], 429);
    }
    const staff = staffIdPattern.test(staffId) ? await prisma.staffMember.findUnique({ where: { id: staffId } }) : null;
    const valid = await verifyPassword(password, staff?.active ? staff.passwordHash : null);
    if (!staff || !valid) {
      await recordAudit(prisma, attempt('failed', 401));
      return loginPage(res, next, '工号或密码错误', 401, await hasDraft(prisma, req));
    }
    const session = await prisma.$transaction(async (tx) => {
      const opened = await openSession(tx, staff.id, auth);
      await recordAudit(tx, attempt('ok', 303, `staff:${staff.id}`));
      return opened;
    });
    setSessionCookie(res, session.token, session.expiresAt, auth.secureCookies);
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    const principal = principalOf(req);
    if (token && principal) {
      if (!checkedForm(req, res)) return;
      // The row first: a sign-out that cannot be recorded does not happen (503), rather than going unrecorded.
      await auditRequest(prisma, req, { action: 'sign-out', outcome: 'ok', subject: principal.actor });
      await closeSession(prisma, token);
    }
    clearSessionCookie(res, auth.secureCookies);
    res.redirect(303, '/console/login');
  });

  router.get('/admin/passwords', async (req, res) => {
    const principal = permitted(req, res, 'managePasswords');
    if (!principal) return;
    const staff = await prisma.staffMember.findMany({ orderBy: { id: 'asc' } });
    const failures = new Map(await Promise.all(staff.map(async (s) => [s.id, await accountFailures(prisma, s.id)] as const)));
    const csrf = csrfTokenOf(req) ?? '';
    const lockCell = (id: string) => {
      const count = failures.get(id) ?? 0;
      if (count < SIGN_IN_LIMITS.accountFailures) return html`<td>${count ? `失败 ${count} 次` : '正常'}</td>`;
      return html`<td class="locked">已锁定 <form method="post" action="/console/admin/unlock" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="staffId" value="${id}"><button type="submit" data-unlock="${id}">解除锁定</button></form></td>`;
    };
    render(req, res, principal, '账号密码', html`<table>
<thead><tr><th>工号</th><th>姓名</th><th>角色</th><th>部门</th><th>密码</th><th>登录</th></tr></thead>
<tbody>${staff.map((s) => html`<tr><td>${s.id}</td><td>${s.name}</td><td>${roleLabel(s.role)}</td><td>${s.departmentCode ?? ''}</td><td>${s.passwordHash ? '已设置' : '未设置'}</td>${lockCell(s.id)}</tr>`)}</tbody>
</table>
<form method="post" action="/console/admin/passwords" class="card narrow">
  <h2>设置密码</h2>
  <input type="hidden" name="_csrf" value="${csrfTokenOf(req) ?? ''}">
  <label>工号 <select name="staffId">${options(staff.map((s) => [s.id, `${s.id} ${s.name}`]))}</select></label>
  <label>新密码（至少 ${MIN_PASSWORD_LENGTH} 位） <input name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"></label>
  <button type="submit">设置</button>
</form>`);
  });

  router.post('/admin/passwords', async (req, res) => {
    const principal = checkedForm(req, res);
    if (!principal) return;
    if (principal.role !== 'admin') return res.redirect(303, '/console/ledger?error=' + encodeURIComponent('无权操作'));
    const staffId = String(req.body?.staffId ?? '');
    const back = (kind: 'ok' | 'error', message: string) => res.redirect(303, `/console/admin/passwords?${kind}=${encodeURIComponent(message)}`);
    // Only messages written for staff reach the page: an exception's own text (a database error) never does.
    if (!staffIdPattern.test(staffId)) return back('error', '未知工作人员');
    try {
      // The new password and its audit row commit together: a change that cannot be recorded is not made.
      await setStaffPassword(prisma, staffId, String(req.body?.password ?? ''), (db) =>
        recordAudit(db, auditEntryOf(req, { action: 'password.set', outcome: 'ok', subject: `staff:${staffId}` })));
      back('ok', `已设置 ${staffId} 的密码`);
    } catch (error) {
      if (error instanceof WeakPasswordError) return back('error', error.message);
      if (error instanceof UnknownStaffMember) return back('error', '未知工作人员');
      if (error instanceof AuditUnavailable) return back('error', '审计日志暂时无法写入，密码未更改，请稍后重试');
      context.log.error({ err: error, staffId }, 'setting a password failed');
      back('error', '设置失败，请稍后重试');
    }
  });

  // An admin lifts a lockout: the row it writes starts the account's failure count afresh.
  router.post('/admin/unlock', async (req, res) => {
    const principal = checkedForm(req, res);
    if (!principal) return;
    if (principal.role !== 'admin') return res.redirect(303, '/console/ledger?error=' + encodeURIComponent('无权操作'));
    const staffId = String(req.body?.staffId ?? '');
    if (!staffIdPattern.test(staffId)) return res.redirect(303, `/console/admin/passwords?error=${encodeURIComponent('未知工作人员')}`);
    await auditRequest(prisma, req, { action: 'sign-in.unlock', outcome: 'ok', subject: signInSubject(staffId) });
    res.redirect(303, `/console/admin/passwords?ok=${encodeURIComponent(`已解除 ${staffId} 的登录锁定`)}`);
  });

  return router;
}
