import { listPolicies } from '../workflows/deadlines';

export function listPolicyIds(): string[] {
  return listPolicies().map((policy) => policy.id);
}
