import express, { type Express } from 'express';
import { loadAuthSettings, type AuthSettings } from '../auth/auth-settings';
import { authenticate, requireApiPrincipal } from '../auth/middleware';
import type { RegistrationContext } from '../petitions/registration';
import { petitionReportRoutes, reportRoutes } from '../reports/report-routes';
import { consoleRouter } from './console-router';
import { lookupRoutes } from './lookup-page';

/** What the console and the role checks need beyond the registration context. */
export interface StaffSiteSettings {
  auth: AuthSettings;
  hospitalName: string;
  publicBaseUrl: string;
  temporalUiUrl?: string;
  namespace: string;
}

export function staffSiteFromEnv(env: NodeJS.ProcessEnv = process.env): StaffSiteSettings {
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  return {
    auth: loadAuthSettings(env, publicBaseUrl),
    hospitalName: env.HOSPITAL_NAME ?? '医院',
    publicBaseUrl,
    temporalUiUrl: env.TEMPORAL_UI_URL,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
  };
}

/**
 * Sign-in for everything under /api and /console: a session cookie or the API token; the JSON API answers 401
 * without either. Then the report API, the console pages and the public lookup. Call before the petition routes.
 */
export function mountStaffSite(app: Express, context: RegistrationContext, site: StaffSiteSettings): void {
  const who = authenticate(context.prisma, site.auth);
  app.use('/api', who, requireApiPrincipal());
  const reportContext = { prisma: context.prisma, hospitalName: site.hospitalName, publicBaseUrl: site.publicBaseUrl };
  app.use('/api/reports', reportRoutes(reportContext));
  app.use('/api/petitions', petitionReportRoutes(reportContext));
  app.use('/console', who, consoleRouter({ ...context, ...site }));
  app.use('/lookup', express.urlencoded({ extended: false, limit: '16kb' }), lookupRoutes(context.prisma, site.auth));
}
