import path from 'node:path';
import { formBody } from '../api/security';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { authPages } from './auth-pages';
import { withCalendarReminder } from './calendar-reminder';
import { withDepartmentName } from './department-name';
import { keepDraftOnExpiry } from './drafts';
import { commandPost } from './command-post';
import type { ConsoleContext } from './context';
import { ledgerPage } from './ledger-page';
import { findByExternalNumber, ledgerExport, ledgerImportPage, ledgerImportSubmit, ledgerUploadBody } from './ledger-import-page';
import { accountabilityPage } from './accountability-page';
import { approvalsPage } from './approvals-page';
import { publishedPage } from './published-page';
import { petitionPage } from './petition-page';
import { registerForm, registerSubmit } from './register-page';
import { reportsPage } from './reports-page';
import { reviewsPage } from './reviews-page';
import { supervisionPage } from './supervision-page';

export type { ConsoleContext } from './context';

// chart.js does not export its UMD build as a subpath; it sits beside the main entry.
const chartJsFile = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');

type Page = (context: ConsoleContext, req: Request, res: Response) => Promise<void>;

/** The staff console under /console (authentication runs before it, see services/api/app.ts). */
export function consoleRouter(context: ConsoleContext): Router {
  const router = Router();
  const page = (handler: Page) => (req: Request, res: Response, next: NextFunction) => handler(context, req, res).catch(next);
  // With the site-wide no-referrer policy browsers send `Origin: null` on form posts, and the CSRF origin check
  // needs the real origin: same-origin keeps referrers from leaving the site and lets the Origin through.
  router.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.use(formBody({ limit: '256kb' }));
  router.get('/static/chart.umd.js', (_req, res) => res.sendFile(chartJsFile));
  router.use('/static', express.static(path.join(__dirname, 'static'), { maxAge: '1h', index: false }));
  router.use(authPages(context));
  // A form posted after the session expired keeps what was typed (./drafts.ts).
  router.use(keepDraftOnExpiry(context.prisma, context.auth.secureCookies));
  router.use(withDepartmentName(context.prisma));
  router.use(withCalendarReminder(context.calendarReminder));
  router.get('/', (_req, res) => res.redirect(303, '/console/ledger'));
  router.get('/ledger', page(ledgerPage));
  router.get('/register', page(registerForm));
  router.post('/register', page(registerSubmit));
  router.get('/petitions/:number', page(petitionPage));
  router.post('/petitions/:number/:command', page(commandPost));
  router.get('/reviews', page(reviewsPage));
  router.get('/supervision', page(supervisionPage));
  router.get('/approvals', page(approvalsPage));
  router.get('/reports', page(reportsPage));
  router.get('/ledger-import', page(ledgerImportPage));
  router.get('/ledger-import/find', page(findByExternalNumber));
  router.get('/ledger-import/export.xlsx', page(ledgerExport));
  router.get('/published', page(publishedPage));
  router.get('/accountability', page(accountabilityPage));
  router.post('/ledger-import', ledgerUploadBody, page(ledgerImportSubmit));
  return router;
}
