/**
 * The bundled policy files and what the calculator does with a policy. The files are imported statically (no fs in
 * the workflow sandbox) as plain JSON; they are validated outside the sandbox (activities/policy-schema.ts: when a
 * process starts, when services read them, and by a unit test), never here, so a cached workflow evaluates no
 * validator. Only runs started before policies were pinned in their input read them inside a workflow.
 */
import { extendDeadline, type ExtensionRequest } from './adjustments';
import type { WorkCalendar } from './calendar';
import { computeDeadline, type Deadline } from './deadline';
import type { Limit, Policy } from './policy-types';
import type { InstantLike } from './shanghai-days';
import { INTERNAL_RULE_LABEL } from './vocabulary';
import complaint2019 from './policies/complaint-2019.json';
import hospitalExample from './policies/hospital-example.json';
import xinfang2022 from './policies/xinfang-2022.json';

/** The raw files by name, for the validator outside the sandbox (activities/policy-schema.ts). */
export const BUNDLED_POLICY_FILES: Readonly<Record<string, unknown>> = {
  'xinfang-2022.json': xinfang2022,
  'complaint-2019.json': complaint2019,
  'hospital-example.json': hospitalExample,
};

const loaded = new Map<string, Policy>();

/** Freezes a plain-data tree in place (policies are shared module state; activities/policy-schema.ts uses it too). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * A bundled file as plain data (validated outside the sandbox, see the header); throws for an unknown id. Results are
 * frozen copies because module state is shared across workflows.
 */
export function loadPolicy(id: string): Policy {
  const fileName = `${id}.json`;
  const cached = loaded.get(fileName);
  if (cached) return cached;
  if (!(fileName in BUNDLED_POLICY_FILES)) {
    throw new Error(`未知的期限策略：${id}（可用：${Object.keys(BUNDLED_POLICY_FILES).map((name) => name.replace(/\.json$/, '')).join('、')}）`);
  }
  const policy = deepFreeze(structuredCloneJson(BUNDLED_POLICY_FILES[fileName]) as Policy);
  loaded.set(fileName, policy);
  return policy;
}

export function listPolicies(): Policy[] {
  return Object.keys(BUNDLED_POLICY_FILES).map((fileName) => loadPolicy(fileName.replace(/\.json$/, '')));
}

/** structuredClone is not guaranteed in the workflow sandbox; the data is plain JSON anyway. */
function structuredCloneJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** The handling limit, or a named variant of it (e.g. complaint-2019 "multiDepartment"). */
export function handlingLimit(policy: Policy, variant?: string): Limit {
  if (variant === undefined) return policy.limits.handling;
  const limit = policy.limits.handlingVariants[variant];
  if (!limit) throw new Error(`策略 ${policy.id} 没有办理期限类型：${variant}`);
  return limit;
}

/**
 * The handling limit an assignment gets: the variant whose `appliesWhen` the assignment meets (医疗机构投诉管理办法:
 * 10 working days whenever more than one department is assigned), else the policy's handling limit.
 */
export function handlingLimitFor(policy: Policy, assignment: { departments: number }): Limit {
  const several = assignment.departments > 1;
  const variant = Object.values(policy.limits.handlingVariants).find((limit) => limit.appliesWhen === 'severalDepartments' && several);
  return variant ?? policy.limits.handling;
}

/**
 * How a limit is cited: "信访工作条例：受理后60日内办结" for the regulation's, "本院规定：…" for an internal rule
 * (basis internal), so a hospital's own target is never presented as statute.
 */
export function limitRuleText(policy: Policy, limit: Limit): string {
  if (limit.basis !== 'internal') return `${policy.shortTitle}：${limit.label}`;
  const prefix = `${INTERNAL_RULE_LABEL}：`;
  return limit.label.startsWith(prefix) ? limit.label : `${prefix}${limit.label}`;
}

/** Whether hospital closure days extend the limit: as the policy says, else only an internal rule's (not the law's). */
export function closuresExtend(limit: Limit): boolean {
  return limit.closuresExtend ?? limit.basis !== 'statute';
}

/** computeDeadline for one of the policy's limits, with the rule cited as "信访工作条例：受理后60日内办结". */
export function deadlineForLimit(policy: Policy, limit: Limit, start: InstantLike, calendar: WorkCalendar): Deadline {
  return computeDeadline({
    start,
    amount: limit.amount,
    unit: limit.unit,
    from: limit.from,
    calendar,
    rule: limitRuleText(policy, limit),
  });
}

/**
 * In the same unit, compare the last counted days: a cap that happens to roll over a weekend grants no extra days.
 * Across units there is no common count, so compare the instants.
 */
function exceeds(candidate: Deadline, cap: Deadline): boolean {
  if (candidate.runningSegment.unit === cap.runningSegment.unit) {
    return candidate.runningSegment.lastCountedDay > cap.runningSegment.lastCountedDay;
  }
  return candidate.dueAt.getTime() > cap.dueAt.getTime();
}

export type ExtensionCheck = { allowed: true; extended: Deadline } | { allowed: false; reason: string };

/**
 * Whether a requested extension fits the policy; `current.startAt` must be the anchor of the handling limit
 * (for maxTotal). Approval, reason and notice are for the workflow to collect.
 */
export function checkExtension(policy: Policy, current: Deadline, request: ExtensionRequest, calendar: WorkCalendar): ExtensionCheck {
  const rules = policy.extension;
  if (!rules) return { allowed: false, reason: `${policy.shortTitle}未规定延期` };
  if (rules.reasonRequired && !request.reason) return { allowed: false, reason: '延期须说明理由' };
  const extended = extendDeadline(current, request, calendar);
  if (rules.maxAdditional && exceeds(extended, extendDeadline(current, rules.maxAdditional, calendar))) {
    return { allowed: false, reason: `超过最长延期：${rules.label}` };
  }
  if (rules.maxTotal && exceeds(extended, deadlineForLimit(policy, rules.maxTotal, current.startAt, calendar))) {
    return { allowed: false, reason: `超过总期限：${rules.maxTotal.label}` };
  }
  return { allowed: true, extended };
}
