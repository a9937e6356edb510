/**
 * Calendar adoption over HTTP (admins): GET /api/calendar/:year shows what the year's schedule file changes against
 * the presumption the running petitions counted with; POST /api/calendar/:year/adopt recounts their deadlines on it
 * (services/calendar-adoption.ts), audited. A service token must name the admin it acts for (X-Staff-Id).
 */
import { Router } from 'express';
import { allow, principalOf } from '../auth/middleware';
import { isBareService } from '../auth/roles';
import { adoptCalendarYear, CalendarAdoptionRefused, scheduleDiff, type CalendarAdoptionContext } from '../calendar-adoption';
import { sendError } from './http-errors';

function yearOf(raw: string): number | undefined {
  const year = Number(raw);
  return /^\d{4}$/.test(raw) && year >= 2000 && year <= 2100 ? year : undefined;
}

export function calendarRoutes(context: CalendarAdoptionContext): Router {
  const router = Router();

  router.get('/:year', (req, res) => {
    if (!allow(req, res, 'adoptCalendar')) return;
    const year = yearOf(req.params.year);
    if (year === undefined) return sendError(res, 400, '年份无效，应为2000至2100之间的四位数字 (year)');
    try {
      res.json(scheduleDiff(context.supplementsDirectory, year));
    } catch (error) {
      if (error instanceof CalendarAdoptionRefused) return sendError(res, 404, error.message);
      throw error;
    }
  });

  router.post('/:year/adopt', async (req, res) => {
    if (!allow(req, res, 'adoptCalendar')) return;
    const principal = principalOf(req)!;
    if (isBareService(principal)) return sendError(res, 403, '服务调用须以 X-Staff-Id 指明代为操作的管理员 (X-Staff-Id)');
    const year = yearOf(req.params.year);
    if (year === undefined) return sendError(res, 400, '年份无效，应为2000至2100之间的四位数字 (year)');
    try {
      res.json(await adoptCalendarYear(context, { year, actor: principal.actor }));
    } catch (error) {
      if (error instanceof CalendarAdoptionRefused) return sendError(res, 404, error.message);
      throw error;
    }
  });

  return router;
}
