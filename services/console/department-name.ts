/**
 * The signed-in person's department by name for the page header ("王晓敏（信访接待人员 · 院办公室）"), not its code:
 * looked up once per console request and left in res.locals for ./context.ts render().
 */
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { principalOf } from '../auth/middleware';

export function withDepartmentName(prisma: PrismaClient) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const code = principalOf(req)?.departmentCode;
    if (!code) return next();
    prisma.department
      .findUnique({ where: { code }, select: { name: true } })
      .then((department) => {
        res.locals.departmentName = department?.name;
        next();
      })
      .catch(next);
  };
}

/** The name looked up for this request, if any. */
export function departmentNameOf(res: Response): string | undefined {
  const name: unknown = res.locals.departmentName;
  return typeof name === 'string' ? name : undefined;
}
