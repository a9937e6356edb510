import express, { type Request } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { requestLogging } from '../observability/logging';
import { opsRoutes } from '../observability/ops-routes';
import { principalOf } from '../auth/middleware';
import { mountStaffSite, type StaffSiteSettings } from '../console/staff-site';
import { jsonErrorHandler, sendError } from './http-errors';
import { petitionRoutes, type PetitionRoutesContext } from './petition-routes';
import { supervisionRoutes } from './supervision-routes';
import { applySecurity, refuseUnstorableText, type SecuritySettings } from './security';
import { linkRoutes, type LinkRoutesContext } from '../links/link-routes';

export interface AppContext extends Omit<PetitionRoutesContext, 'actorOf'> {
  log: Logger;
  /** Extra routers mounted by the embedded setup (the mail catcher's inbox). */
  mounts?: Array<{ path: string; router: express.Router }>;
  /** Prometheus registry served at GET /metrics. */
  metrics?: Registry;
  /** Headers and request budgets (services/config.ts). */
  security: SecuritySettings;
  /** Sign-in, roles, console pages and reports. */
  staffSite: StaffSiteSettings;
  /** The department and leader pages behind mailed links (/links). */
  links?: Pick<LinkRoutesContext, 'links' | 'hospitalName' | 'clock'>;
}

/** The signed-in person (session) or the staff member an API-token call names (X-Staff-Id). */
function actorOf(req: Request): string {
  return principalOf(req)?.actor ?? 'staff:intake01';
}

export function createApp(context: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(context.log));
  applySecurity(app, context.security);
  app.use(express.json({ limit: '256kb' }));
  app.use(refuseUnstorableText);
  app.use(opsRoutes(context));
  mountStaffSite(app, context, context.staffSite);
  app.use('/api/petitions', petitionRoutes({ ...context, actorOf }));
  if (context.links) app.use('/links', linkRoutes({ ...context.links, prisma: context.prisma, temporal: context.temporal, log: context.log }));
  app.use('/api/supervision', supervisionRoutes(context));
  for (const mount of context.mounts ?? []) app.use(mount.path, mount.router);
  app.use('/api', (_req, res) => sendError(res, 404, '接口不存在 (no such endpoint)'));
  app.use(jsonErrorHandler(context.log));
  return app;
}
