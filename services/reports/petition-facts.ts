/**
 * The record store's overdue items: every petition row read through workflows/domain/recorded-facts.ts and judged by
 * workflows/domain/overdue.ts, for both supervision boards, the metrics and the agreement test.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { overdueDeadlines, responsibleFor, type DeadlineFact, type Responsibility } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';

/** The columns to select for petitionFactsOf. */
export const factColumns = { status: true, leadDepartment: true, dueAt: true, overdue: true, closedAt: true, receivedAt: true, deadlines: true } as const;

export interface OverdueItem {
  petitionId: string;
  number: string;
  category: string;
  status: string;
  deadline: DeadlineFact;
  responsible: Responsibility;
}

/**
 * Every overdue deadline of every open petition at `now`, earliest due first: what both supervision boards, the
 * metrics and the agreement test list. A petition with two late departments appears once per department.
 */
export async function loadOverdueItems(prisma: PrismaClient, now: Date): Promise<OverdueItem[]> {
  const rows = await prisma.petition.findMany({
    where: { status: { notIn: ['declined', 'archived'] } },
    select: { id: true, number: true, category: true, ...factColumns },
  });
  const items = rows.flatMap((row) =>
    overdueDeadlines(petitionFactsOf(row), now).map((deadline) => ({
      petitionId: row.id,
      number: row.number,
      category: row.category,
      status: row.status,
      deadline,
      responsible: responsibleFor(deadline),
    })),
  );
  return items.sort((a, b) => Date.parse(a.deadline.dueAt) - Date.parse(b.deadline.dueAt) || a.number.localeCompare(b.number));
}
