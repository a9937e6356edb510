/**
 * 中止计时 / 恢复计时: stopping a petition's clocks and starting them again. Since the patch pause-by-policy a clock
 * stops only on a ground the petition's policy allows (policy.pausing; the statutes cited here allow none), by a role
 * the ground names (validators.ts, checked on admission), and only the clocks that ground names stop. The ground's longest stop is a
 * planned step (schedule.ts: pauseLimitReached), so the clock runs again by itself when it is reached; the petitioner
 * is told on both sides when the ground says so; the explanation of every resumed deadline cites the ground's rule.
 * Stops from before the patch stop every pausable clock and resume as they did (replay fixture running-clock-resumed).
 */
import { patched } from '@temporalio/workflow';
import { computeDeadline, type PauseGround, type Policy } from '../deadlines';
import type { NoticeDraft, PetitionPatch } from '../activity-contracts/petition';
import type { EventType } from '../domain/events';
import { handleUpdate, type PetitionContext } from './context';
import { leadHandlingDueAt, pauseRunningDeadlines, resumePausedDeadlines } from './deadline-book';
import { pauseClockUpdate, resumeClockUpdate } from './messages';
import { validatePauseClock, validatePauseGround, validateResumeClock } from './validators';

export const PAUSE_BY_POLICY = 'pause-by-policy';

export function pauseGroundOf(policy: Policy, id: string | undefined): PauseGround | undefined {
  return id === undefined ? undefined : policy.pausing?.grounds.find((ground) => ground.id === id);
}

/** Where a resumption writes: a handler's own transition, or a firing's (the longest stop reached at its instant). */
interface ResumeWrites {
  /** The record store's write (a promise, awaited) or a deadline firing's (in memory; clock.ts). */
  transition(type: EventType, actor: string, patch: PetitionPatch, payload: Record<string, unknown>): unknown;
  tell(notice: NoticeDraft, transitionKey: unknown): void;
}

/** Starts the stopped clocks again at `at`: each resumed deadline counts its remaining days from the day after. */
export async function resumeStoppedClock(ctx: PetitionContext, actor: string, at: Date, automatic: boolean, writes: ResumeWrites): Promise<void> {
  const { state } = ctx;
  const stopped = state.clockPaused!;
  delete state.clockPaused;
  const ground = pauseGroundOf(ctx.policy, stopped.ground);
  const resumed = resumePausedDeadlines(state, at, ctx.calendar, ground ? { label: ground.label, rule: ground.rule } : undefined);
  state.dueAt = leadHandlingDueAt(state) ?? state.dueAt;
  const key = await writes.transition(
    'clock_resumed',
    actor,
    state.dueAt ? { dueAt: state.dueAt } : {},
    {
      pausedSince: stopped.at,
      deadlines: resumed.map((r) => ({ id: r.id, dueAt: r.dueAt })),
      ...(ground ? { ground: ground.id } : {}),
      ...(automatic ? { automatic } : {}),
    },
  );
  if (!ground?.petitionerTold) return;
  // The petitioner's own date: the acceptance decision's while it was stopped, else the lead department's reply.
  const acceptance = resumed.find((r) => r.kind === 'acceptance');
  const handling = resumed.find((r) => r.kind === 'handling' && r.department === state.leadDepartment);
  const told = acceptance ?? handling;
  writes.tell(
    { kind: 'clock-resumed', ground: ground.id, deadlineKind: told?.kind ?? 'handling', dueAt: told?.dueAt ?? null, automatic },
    key,
  );
}

export function installClockStopHandlers(ctx: PetitionContext): void {
  const { state } = ctx;

  handleUpdate(ctx, pauseClockUpdate, (command) => validatePauseClock(state, command), async (command) => {
    const at = new Date();
    if (!patched(PAUSE_BY_POLICY)) {
      state.clockPaused = { at: at.toISOString(), actor: command.actor, documentId: command.documentId };
      const paused = pauseRunningDeadlines(state, at, ctx.calendar);
      await ctx.transition('clock_paused', command.actor, {}, { deadlines: paused.map((r) => r.id) }, command.documentId);
      return;
    }
    // Checked again with the lock held: what was admitted may meanwhile have changed (another stop, an adoption).
    const ground = validatePauseGround(state, command, ctx.policy);
    const endsAt = computeDeadline({ start: at, amount: ground.longest.amount, unit: ground.longest.unit, calendar: ctx.calendar }).dueAt.toISOString();
    state.clockPaused = { at: at.toISOString(), actor: command.actor, documentId: command.documentId, ground: ground.id, endsAt };
    const paused = pauseRunningDeadlines(state, at, ctx.calendar, ground.stops);
    const key = await ctx.transition(
      'clock_paused',
      command.actor,
      {},
      { deadlines: paused.map((r) => r.id), ground: ground.id, endsAt, approvedBy: command.approverRole ?? null },
      command.documentId,
    );
    if (ground.petitionerTold) ctx.queueNotice({ kind: 'clock-paused', ground: ground.id, documentId: command.documentId, endsAt }, key);
  }, (command) => void validatePauseGround(state, command, ctx.policy));

  handleUpdate(ctx, resumeClockUpdate, () => validateResumeClock(state), async (command) => {
    await resumeStoppedClock(ctx, command.actor, new Date(), false, {
      transition: ctx.transition,
      tell: (notice, key) => ctx.queueNotice(notice, key as string),
    });
  });
}
