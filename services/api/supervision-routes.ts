import { Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { allow } from '../auth/middleware';

const ROLE_LABELS: Record<string, string> = {
  handler: '承办人',
  departmentHead: '科室负责人',
  leaderInCharge: '分管院领导',
  president: '院长',
};

/** 超期督办看板: open supervised items grouped by department (一岗双责: each department sees what it owes). */
export function supervisionRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get('/overdue', async (req, res) => {
    if (!allow(req, res, 'supervision')) return;
    const [items, departments] = await Promise.all([
      prisma.supervision.findMany({ where: { status: 'open' }, orderBy: [{ dueAt: 'asc' }, { number: 'asc' }] }),
      prisma.department.findMany({ select: { code: true, name: true } }),
    ]);
    const names = new Map(departments.map((d) => [d.code, d.name]));
    const now = Date.now();
    const groups = new Map<string, { departmentCode: string | null; departmentName: string; items: unknown[] }>();
    for (const item of items) {
      const code = item.departmentCode;
      const key = code ?? '';
      if (!groups.has(key)) {
        groups.set(key, { departmentCode: code, departmentName: code ? names.get(code) ?? code : '信访接待（受理）', items: [] });
      }
      groups.get(key)!.items.push({
        number: item.number,
        deadlineId: item.deadlineId,
        deadlineKind: item.deadlineKind,
        rule: item.rule,
        dueAt: item.dueAt,
        openedAt: item.openedAt,
        overdueMs: now - item.dueAt.getTime(),
        overdueDays: Math.floor((now - item.dueAt.getTime()) / 86_400_000),
        escalatedTo: item.escalatedTo,
        escalatedToLabels: item.escalatedTo.map((role) => ROLE_LABELS[role] ?? role),
      });
    }
    const departmentsWithItems = [...groups.values()].sort((a, b) => b.items.length - a.items.length);
    res.json({ total: items.length, departments: departmentsWithItems });
  });

  return router;
}
