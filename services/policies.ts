import { listPolicies } from '../workflows/deadlines';

export function listPolicyIds(): string[] {
  return listPolicies().map((policy) => policy.id);
}

export function policyVersion(id: string): string {
  return listPolicies().find((policy) => policy.id === id)?.version ?? 'unknown';
}
