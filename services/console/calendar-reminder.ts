/**
 * From 1 November, and whenever the current year lacks it, the staff who count deadlines (信访办, leaders, admin) see
 * on every console page that a year's State Council holiday schedule is missing and what the system does meanwhile
 * (services/calendar-supplements.ts words it). Left in res.locals for ./context.ts render(), like the department name.
 */
import type { NextFunction, Request, Response } from 'express';
import { principalOf } from '../auth/middleware';

export function withCalendarReminder(reminder: ((now: Date) => string | undefined) | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = principalOf(req);
    if (reminder && principal && principal.role !== 'department') res.locals.calendarReminder = reminder(new Date());
    next();
  };
}

export function calendarReminderOf(res: Response): string | undefined {
  const notice: unknown = res.locals.calendarReminder;
  return typeof notice === 'string' ? notice : undefined;
}
