/**
 * Policy adoption: a petition counts by the policy version pinned at registration (its input), and moves to a newer
 * version of the same policy only through this Update, which an admin's recorded step sends to every running
 * petition (services/policy-versions.ts, audited as policy.adopt). From then on the new version decides what is
 * counted next (a later assignment's handling limit, the review windows, the extension rules and who approves) and
 * the reminder and escalation ladders of the running deadlines (the clock recomputes its steps from ctx.policy).
 * Deadlines already running keep the dates they were counted and told with: a version is a rule for what comes,
 * not a recount (a wrong date is the calendar adoption's business, or a correction by hand). The event records
 * both versions; the petition row's policyVersion follows, so letters and notices read the new version. A system
 * operation, not a party's command: it is not in the command catalog.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../deadlines';
import { handleUpdate, type PetitionContext } from './context';
import type { CommandResult } from './messages';
import { refuse } from './validators';

export interface AdoptPolicyCommand {
  actor: string;
  /** The version adopted, as stored at registration of the first petition under it (public data, no personal data). */
  policy: Policy;
}

export const adoptPolicyUpdate = defineUpdate<CommandResult, [AdoptPolicyCommand]>('adoptPolicy');

function validateAdoptPolicy(ctx: PetitionContext, command: AdoptPolicyCommand): void {
  const { state } = ctx;
  if (state.status === 'archived') refuse('信访事项已归档，无需改用新版办理规则', 'the petition is archived');
  if (command.policy.id !== state.policyId) {
    refuse(`本事项按${state.policyId}办理，不能改用${command.policy.id}`, `the petition counts by ${state.policyId}, not ${command.policy.id}`);
  }
  if (command.policy.version === (state.policyVersion ?? ctx.policy.version)) {
    refuse(`本事项已按${command.policy.version}版办理规则办理`, `the petition already counts by version ${command.policy.version}`);
  }
}

export function installPolicyAdoption(ctx: PetitionContext): void {
  const { state } = ctx;
  handleUpdate(ctx, adoptPolicyUpdate, (command) => validateAdoptPolicy(ctx, command), async (command) => {
    const previousVersion = state.policyVersion ?? ctx.policy.version;
    ctx.policy = command.policy;
    state.policyVersion = command.policy.version;
    await ctx.transition('policy_adopted', command.actor, { policyVersion: command.policy.version }, {
      policyId: command.policy.id,
      previousVersion,
      version: command.policy.version,
    });
  });
}
