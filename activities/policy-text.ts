import { createWorkCalendar, deadlineForLimit, handlingLimit, loadPolicy } from '../workflows/deadlines';

export function policyTitle(policyId: string): string {
  return loadPolicy(policyId).title;
}

export function expectedReplyBy(policyId: string, acceptedAt: Date): Date {
  const policy = loadPolicy(policyId);
  return deadlineForLimit(policy, handlingLimit(policy), acceptedAt, createWorkCalendar()).dueAt;
}
