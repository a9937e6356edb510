/**
 * The validator of a deadline policy file, outside the workflow sandbox: services and activities check every policy
 * here before it reaches a workflow (the bundled files when a process starts and when they are read, stored versions
 * when they are loaded), so workflows receive plain, already valid data and never evaluate zod. The types live in
 * workflows/deadlines/policy-types.ts; the check at the end of this file keeps the schema and the types identical.
 */
import { z } from 'zod';
import {
  BUNDLED_POLICY_FILES,
  deepFreeze,
  loadPolicy,
  type Duration,
  type EscalationStep,
  type Limit,
  type PauseGround,
  type Policy,
  type PolicyExtension,
  type ReminderStep,
  type ReviewStage,
  type TimeOffset,
} from '../workflows/deadlines';
import {
  DAY_UNITS,
  EXTENSION_APPROVERS,
  LIMIT_ANCHORS,
  LIMIT_BASES,
  OFFSET_UNITS,
  PASSED_ACTIONS,
  PAUSABLE_LIMITS,
  PAUSE_APPROVERS,
  RESPONSIBLE_ROLES,
  VARIANT_CONDITIONS,
} from '../workflows/deadlines/vocabulary';

const MAX_DAYS = 3650;
const hasChinese = /\p{Script=Han}/u;
const chineseText = z.string().regex(hasChinese, 'must contain Chinese text');
const identifier = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a camelCase identifier');

const dayAmount = z.int().min(0).max(MAX_DAYS);

/** A period counted in days from an event, e.g. 60 calendar days from acceptance. */
export const limitSchema = z.strictObject({
  amount: dayAmount,
  unit: z.enum(DAY_UNITS),
  from: z.enum(LIMIT_ANCHORS),
  /** The rule as staff cite it, e.g. "受理后60日内办结". */
  label: chineseText,
  note: chineseText.optional(),
  /**
   * statute (the cited regulation's) or internal (本院规定, so labelled in every text). Absent: cited as the policy's,
   * counted and supervised as before these fields existed.
   */
  basis: z.enum(LIMIT_BASES).optional(),
  /** Passing it: the 督办 ladder (supervise, the default), or only its owner reminded (remindOwner: no 督办, no escalation). */
  whenPassed: z.enum(PASSED_ACTIONS).optional(),
  /** Hospital closure days extend it; default: only an internal limit (a closure does not move the law's date). */
  closuresExtend: z.boolean().optional(),
  /** A handling variant that applies on its own at assignment, e.g. when more than one department is assigned. */
  appliesWhen: z.enum(VARIANT_CONDITIONS).optional(),
});

export const durationSchema = z.strictObject({ amount: dayAmount, unit: z.enum(DAY_UNITS) });

export const timeOffsetSchema = z.strictObject({
  amount: z.int().min(0).max(MAX_DAYS * 24 * 60),
  unit: z.enum(OFFSET_UNITS),
  direction: z.enum(['before', 'after']),
});

export const reminderStepSchema = z.strictObject({
  id: identifier,
  offset: timeOffsetSchema,
  relativeTo: z.literal('due'),
  role: z.enum(RESPONSIBLE_ROLES),
  label: chineseText,
});

export const escalationStepSchema = z.strictObject({
  id: identifier,
  afterOverdue: timeOffsetSchema.omit({ direction: true }),
  role: z.enum(RESPONSIBLE_ROLES),
  /** Marks the item as supervised (督办) on the overdue board. */
  supervise: z.boolean(),
  label: chineseText,
});

export const extensionSchema = z
  .strictObject({
    /** At most this much added to the handling period … */
    maxAdditional: durationSchema.optional(),
    /** … and/or the whole period, extension included, at most this long from its anchor. */
    maxTotal: limitSchema.optional(),
    /** Who decides (第三十四条): the requesting department's 分管院领导, or the 院长 as 单位负责人. */
    approvedBy: z.enum(EXTENSION_APPROVERS),
    reasonRequired: z.boolean(),
    petitionerToldReason: z.boolean(),
    label: chineseText,
  })
  .refine((extension) => extension.maxAdditional !== undefined || extension.maxTotal !== undefined, {
    message: 'an extension needs maxAdditional or maxTotal',
    path: ['maxAdditional'],
  });

export const reviewStageSchema = z.strictObject({
  stage: z.enum(['recheck', 'reexamination']),
  title: chineseText,
  /** How long the petitioner has to ask, from the reply being reviewed. */
  requestWithin: limitSchema,
  /** How long the reviewing body has to answer, from receiving the request. */
  answerWithin: limitSchema,
});

export const reviewSchema = z.strictObject({
  stages: z.array(reviewStageSchema),
  /** After the last stage the same request is not accepted again (不再受理). */
  finalAfterLastStage: z.boolean(),
  /** Re-handled when new facts or evidence arrive. */
  reopenOnNewEvidence: z.boolean(),
  label: chineseText,
});

/**
 * One ground on which a clock may stop (中止计时), e.g. 信访人补充材料: which clocks stop, who approves, the longest
 * stop (the clock runs again by itself when it is reached), and whether the petitioner is told (a letter on stopping
 * and on running again, with the new date). Its rule is cited in the deadline's explanation.
 */
export const pauseGroundSchema = z.strictObject({
  id: identifier,
  /** What staff pick, e.g. "信访人补充材料". */
  label: chineseText,
  /** statute: the cited regulation allows it; internal: 本院规定, which may stop only internal limits. */
  basis: z.enum(LIMIT_BASES),
  /** The rule as cited in the explanation and the letter, e.g. "本院规定：…". */
  rule: chineseText,
  stops: z.array(z.enum(PAUSABLE_LIMITS)).min(1),
  approvedBy: z.array(z.enum(PAUSE_APPROVERS)).min(1),
  longest: durationSchema,
  petitionerTold: z.boolean(),
});

/** 中止计时: the grounds the policy allows; none, and no clock of the policy ever stops. */
export const pausingSchema = z.strictObject({
  grounds: z.array(pauseGroundSchema),
  /** Said on the form, e.g. "《信访工作条例》未规定中止计时的情形，法定期限不中止". */
  label: chineseText,
});

function uniqueIds(steps: readonly { id: string }[], context: z.RefinementCtx, field: string): void {
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (seen.has(step.id)) context.addIssue({ code: 'custom', message: `duplicate id "${step.id}"`, path: [field, index, 'id'] });
    seen.add(step.id);
  });
}

export const policySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    version: z.string().min(1),
    title: chineseText,
    /** Used in rule texts: "信访工作条例：受理后60日内办结". */
    shortTitle: chineseText,
    source: chineseText,
    kind: z.enum(['xinfang', 'complaint']),
    limits: z.strictObject({
      /** 签收: how soon a handling department must acknowledge an assignment. */
      acknowledgement: limitSchema,
      acceptance: limitSchema,
      handling: limitSchema,
      /** 信访办审核处理意见书: an internal target (本院规定) from the department's reply; none, no review deadline. */
      replyReview: limitSchema.optional(),
      /**
       * 受理告知书: the written notice of acceptance must reach the petitioner within this limit (信访工作条例: 15 days
       * from receipt); an e-mail counts on its send date, post or hand delivery on the date staff record. None: no
       * such duty is tracked.
       */
      acceptanceNotice: limitSchema.optional(),
      handlingVariants: z.record(identifier, limitSchema),
    }),
    extension: extensionSchema.nullable(),
    review: reviewSchema,
    /** Absent (policies pinned before it existed): no ground is allowed, as none was ever stated. */
    pausing: pausingSchema.optional(),
    reminders: z.array(reminderStepSchema).min(1),
    escalation: z.array(escalationStepSchema).min(1),
  })
  .superRefine((policy, context) => {
    uniqueIds(policy.reminders, context, 'reminders');
    uniqueIds(policy.escalation, context, 'escalation');
    uniqueIds(policy.pausing?.grounds ?? [], context, 'pausing');
    // A hospital's own rule cannot stop the law's clock.
    policy.pausing?.grounds.forEach((ground, index) => {
      for (const stopped of ground.stops) {
        const basis = stopped === 'reviewAnswer' ? policy.review.stages.map((stage) => stage.answerWithin.basis) : [policy.limits[stopped].basis];
        if (ground.basis === 'internal' && basis.includes('statute')) {
          context.addIssue({ code: 'custom', message: `an internal ground cannot stop the statutory ${stopped} limit`, path: ['pausing', 'grounds', index, 'stops'] });
        }
      }
    });
  });

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile when the schema and the workflow's plain types drift apart. */
export const schemaMatchesTypes: [
  Same<z.infer<typeof limitSchema>, Limit>,
  Same<z.infer<typeof durationSchema>, Duration>,
  Same<z.infer<typeof timeOffsetSchema>, TimeOffset>,
  Same<z.infer<typeof reminderStepSchema>, ReminderStep>,
  Same<z.infer<typeof escalationStepSchema>, EscalationStep>,
  Same<z.infer<typeof extensionSchema>, PolicyExtension>,
  Same<z.infer<typeof reviewStageSchema>, ReviewStage>,
  Same<z.infer<typeof pauseGroundSchema>, PauseGround>,
  Same<z.infer<typeof policySchema>, Policy>,
] = [true, true, true, true, true, true, true, true, true];

export interface PolicyIssue {
  /** e.g. "limits.handling.unit" or "reminders[2].offset.amount". */
  path: string;
  message: string;
}

export class PolicyValidationError extends Error {
  constructor(
    readonly fileName: string,
    readonly issues: PolicyIssue[],
  ) {
    super(`策略文件 ${fileName} 无效：\n` + issues.map((issue) => `  ${issue.path || '(根)'}: ${issue.message}`).join('\n'));
    this.name = 'PolicyValidationError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Validates one policy file's parsed JSON; the file name must be `<id>.json`. */
export function parsePolicy(fileName: string, json: unknown): Policy {
  const result = policySchema.safeParse(json);
  if (!result.success) {
    throw new PolicyValidationError(
      fileName,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const expectedFileName = `${result.data.id}.json`;
  if (fileName.split('/').pop() !== expectedFileName) {
    throw new PolicyValidationError(fileName, [{ path: 'id', message: `id "${result.data.id}" does not match the file name (expected ${expectedFileName})` }]);
  }
  return result.data;
}

const validatedBundled = new Map<string, Policy>();

/**
 * A bundled policy file (workflows/deadlines/policies/), validated: what services pin at registration and what
 * activities fall back to. Throws for an unknown id (with the available ones) or an invalid file; frozen and cached.
 */
export function validatedBundledPolicy(id: string): Policy {
  const cached = validatedBundled.get(id);
  if (cached) return cached;
  // loadPolicy names the available policies for an unknown id; zod's output is a fresh tree, frozen here.
  const policy = deepFreeze(parsePolicy(`workflows/deadlines/policies/${id}.json`, loadPolicy(id)));
  validatedBundled.set(id, policy);
  return policy;
}

/** Every bundled policy, validated; a process calls it when it starts, so a broken file stops it with its name. */
export function validatedBundledPolicies(): Policy[] {
  return Object.keys(BUNDLED_POLICY_FILES).map((fileName) => validatedBundledPolicy(fileName.replace(/\.json$/, '')));
}
