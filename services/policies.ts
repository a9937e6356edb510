/** The bundled policies a petition may be registered under, validated (a broken file stops the process that reads it). */
import { validatedBundledPolicies } from '../activities/policy-schema';

export function listPolicyIds(): string[] {
  return validatedBundledPolicies().map((policy) => policy.id);
}
