import type { Express } from 'express';
import type { Logger } from 'pino';
import { formBody } from '../api/security';
import type { AuthSettings } from '../auth/auth-settings';
import { authenticate, requireApiPrincipal } from '../auth/middleware';
import type { RegistrationContext } from '../petitions/registration';
import type { CjkFontSettings } from '../reports/fonts';
import { petitionReportRoutes, reportRoutes } from '../reports/report-routes';
import { consoleRouter } from './console-router';
import { lookupRoutes } from './lookup-page';

/** What the console and the role checks need beyond the registration context. */
export interface StaffSiteSettings {
  auth: AuthSettings;
  hospitalName: string;
  /** The 信访办's phone for petitioners (config/hospital.json), on /lookup. */
  officePhone?: string;
  publicBaseUrl: string;
  temporalUiUrl?: string;
  namespace: string;
  /** The font of the PDF letters (CJK_FONT_PATH, CJK_FONT_FAMILY). */
  font: CjkFontSettings;
  /** 分办规则 of config/hospital.json: category → department code (the 交办 form preselects it). */
  routing?: Partial<Record<string, string>>;
  /** A missing State Council holiday schedule, in staff words (services/calendar-supplements.ts), shown on every page. */
  calendarReminder?: (now: Date) => string | undefined;
}

/**
 * Sign-in for everything under /api and /console: a session cookie or the API token; the JSON API answers 401
 * without either. Then the report API, the console pages and the public lookup. Call before the petition routes.
 */
export function mountStaffSite(app: Express, context: RegistrationContext & { log: Logger }, site: StaffSiteSettings): void {
  const who = authenticate(context.prisma, site.auth);
  app.use('/api', who, requireApiPrincipal());
  const reportContext = { prisma: context.prisma, hospitalName: site.hospitalName, publicBaseUrl: site.publicBaseUrl, font: site.font, reviewAuthorities: context.reviewAuthorities };
  app.use('/api/reports', reportRoutes(reportContext));
  app.use('/api/petitions', petitionReportRoutes(reportContext));
  app.use('/console', who, consoleRouter({ ...context, ...site }));
  app.use('/lookup', formBody({ limit: '16kb' }), lookupRoutes(context.prisma, site.auth, { hospitalName: site.hospitalName, officePhone: site.officePhone }));
}
