import express, { type Request } from 'express';
import type { Logger } from 'pino';
import { jsonErrorHandler, sendError } from './http-errors';
import { petitionRoutes, type PetitionRoutesContext } from './petition-routes';

export interface AppContext extends Omit<PetitionRoutesContext, 'actorOf'> {
  log: Logger;
  /** Extra routers mounted by the embedded setup (the mail catcher's inbox). */
  mounts?: Array<{ path: string; router: express.Router }>;
}

const staffIdPattern = /^[a-z0-9][a-z0-9-]{1,31}$/;

function actorOf(req: Request): string {
  const staffId = req.header('x-staff-id');
  return staffId && staffIdPattern.test(staffId) ? `staff:${staffId}` : 'staff:intake01';
}

export function createApp(context: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api/petitions', petitionRoutes({ ...context, actorOf }));
  for (const mount of context.mounts ?? []) app.use(mount.path, mount.router);
  app.use('/api', (_req, res) => sendError(res, 404, '接口不存在 (no such endpoint)'));
  app.use(jsonErrorHandler(context.log));
  return app;
}
