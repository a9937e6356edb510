import { Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { ROLE_LABELS } from '../../workflows/deadlines';
import { formatDue } from '../../workflows/domain/due';
import { deadlineLabel, INTAKE_LABEL } from '../../workflows/domain/overdue';
import { overdueDays } from '../../workflows/domain/time-left';
import { allow } from '../auth/middleware';
import { loadOverdueItems } from '../reports/petition-facts';

/**
 * 超期督办看板: every overdue deadline (workflows/domain/overdue.ts) grouped by who answers for it — 信访办 for a late
 * acceptance decision, the department for 签收, handling and the review answer (一岗双责: each sees what it owes).
 * The supervision rows add when supervision opened and whom it was escalated to.
 */
export function supervisionRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get('/overdue', async (req, res) => {
    if (!allow(req, res, 'supervision')) return;
    const now = new Date();
    const [items, departments, supervised] = await Promise.all([
      loadOverdueItems(prisma, now),
      prisma.department.findMany({ select: { code: true, name: true } }),
      prisma.supervision.findMany({ where: { status: 'open' } }),
    ]);
    const names = new Map(departments.map((d) => [d.code, d.name]));
    const supervision = new Map(supervised.map((s) => [`${s.petitionId}|${s.deadlineId}`, s]));
    const groups = new Map<string, { departmentCode: string | null; departmentName: string; items: unknown[] }>();
    for (const item of items) {
      const code = item.responsible.department;
      const key = code ?? '';
      if (!groups.has(key)) groups.set(key, { departmentCode: code, departmentName: code ? names.get(code) ?? code : INTAKE_LABEL, items: [] });
      const row = supervision.get(`${item.petitionId}|${item.deadline.id}`);
      const dueMs = Date.parse(item.deadline.dueAt);
      groups.get(key)!.items.push({
        number: item.number,
        deadlineId: item.deadline.id,
        deadlineKind: item.deadline.kind,
        deadlineLabel: deadlineLabel(item.deadline),
        stage: item.responsible.stage,
        stageLabel: item.responsible.stageLabel,
        rule: row?.rule ?? item.deadline.rule ?? '',
        dueAt: item.deadline.dueAt,
        dueDisplay: formatDue(item.deadline.dueAt),
        openedAt: row?.openedAt ?? item.deadline.overdueAt ?? null,
        overdueMs: now.getTime() - dueMs,
        overdueDays: overdueDays(dueMs, now),
        escalatedTo: row?.escalatedTo ?? [],
        escalatedToLabels: (row?.escalatedTo ?? []).map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role),
      });
    }
    const departmentsWithItems = [...groups.values()].sort((a, b) => b.items.length - a.items.length);
    res.json({ total: items.length, petitions: new Set(items.map((i) => i.number)).size, departments: departmentsWithItems });
  });

  return router;
}
