/**
 * The petition workflow, one run per petition from registration to archive. Wiring only: the state (state.ts), the
 * shared context and its lock (context.ts), the handlers by party (intake, department, leadership), the clock
 * (clock.ts) and the notices waiting to be sent or queued, driven by one loop.
 */
import { allHandlersFinished, condition, log, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Policy, WorkCalendar } from '../deadlines';
import { NextDueTime } from '../search-attributes';
import { recordWrites, sendNotice } from './activity-proxies';
import { MAIL_OUTBOX, nextStepAt, runDueSteps } from './clock';
import { installCalendarAdoption } from './calendar-adoption';
import { installPolicyAdoption } from './policy-adoption';
import { createPetitionContext, takeStaffNotices, type PetitionContext } from './context';
import type { NoticeOutcome } from '../activity-contracts/petition';
import { shanghaiDate } from '../domain/shanghai';
import { nextDueAt } from './deadline-book';
import { deliverAcceptanceNotice, runningAcceptanceNotice, startDeadlines } from './deadline-lifecycle';
import { installDepartmentHandlers } from './department';
import { installClockStopHandlers } from './clock-stop';
import { installIntakeHandlers } from './intake';
import { installAuthorityReviewHandlers } from './authority-review';
import { installLeadershipHandlers } from './leadership';
import { installReopeningHandlers } from './reopening';
import { installUrgingHandlers } from './urging';
import { petitionStateQuery, plannedStepsQuery, type PetitionWorkflowInput, type PlannedStepView } from './messages';
import { pendingSteps } from './schedule';
import { calendarFor, policyFor } from './policy-limits';
import type { PetitionState } from './state';

export async function petitionWorkflow(input: PetitionWorkflowInput): Promise<PetitionState> {
  const policy = policyFor(input);
  const calendar = calendarFor(input);
  // Only runs started before policies were pinned read the bundled file: say so when it changed under them.
  if (!input.policy && input.policyVersion && input.policyVersion !== policy.version) {
    log.warn('policy file changed since registration', { number: input.number, registered: input.policyVersion, loaded: policy.version });
  }
  const ctx = createPetitionContext(initialState(input, policy, calendar), policy, calendar);
  const { state, outbox } = ctx;

  setHandler(petitionStateQuery, () => state);
  setHandler(plannedStepsQuery, () => pendingSteps(state, ctx.policy, ctx.calendar).map(({ at, record, action }): PlannedStepView => ({
    at: new Date(at).toISOString(),
    deadlineKind: record.kind,
    ...(record.department ? { department: record.department } : {}),
    dueAt: record.dueAt,
    action: action.type,
    ...('role' in action ? { role: action.role } : {}),
    ...('label' in action ? { label: action.label } : {}),
  })));
  installIntakeHandlers(ctx);
  installClockStopHandlers(ctx);
  installReopeningHandlers(ctx);
  installAuthorityReviewHandlers(ctx);
  installDepartmentHandlers(ctx);
  installLeadershipHandlers(ctx);
  installUrgingHandlers(ctx);
  installCalendarAdoption(ctx);
  installPolicyAdoption(ctx);

  await ctx.exclusive(() => startDeadlines(ctx, input));
  upsertSearchAttributes([{ key: NextDueTime, value: nextDueAt(state) }]);

  // One loop does everything that is not a reply to staff: due deadline steps, then queued notices (in order, one at
  // a time, so a slow mail server never holds up an update), then one timer until the next step or the next change.
  // Since the patch mail-outbox, notices to staff go to the mail outbox together in one activity (mailed in working
  // hours by the outbox sender); petitioner notices are still sent here, since their 送达 is recorded on the petition.
  for (;;) {
    await runDueSteps(ctx);
    if (outbox[0] && outbox[0].audience !== 'petitioner' && patched(MAIL_OUTBOX)) {
      await recordWrites().queueNotices({ notices: takeStaffNotices(outbox), raisedAt: new Date().toISOString() });
      continue;
    }
    const next = outbox.shift();
    if (next) {
      const outcome = await sendNotice(next);
      // 送达 by e-mail counts from its send date: kept for the feedback step (the review path's letter only).
      if (next.kind === 'reply' && next.letterDocumentId && outcome !== 'no-recipient') state.replyMailedAt ??= new Date().toISOString();
      if (next.kind === 'acceptance') await ctx.exclusive(() => afterAcceptanceMail(ctx, outcome));
      continue;
    }
    if (state.status === 'archived') break;
    const seen = ctx.revision();
    const wakeAt = nextStepAt(ctx);
    const changed = () => outbox.length > 0 || ctx.revision() !== seen || state.status === 'archived';
    if (wakeAt === undefined) await condition(changed);
    else await condition(changed, Math.max(1, wakeAt - Date.now()));
  }
  await condition(allHandlersFinished);
  return state;
}

/**
 * 受理告知书 (patch acceptance-notice-duty; only a petition whose deadline runs): the mail went out, so the notice is
 * delivered on its send date; or it found no address, so the 信访办 is reminded to post it or hand it over.
 */
async function afterAcceptanceMail(ctx: PetitionContext, outcome: NoticeOutcome): Promise<void> {
  if (!runningAcceptanceNotice(ctx)) return;
  const now = new Date();
  if (outcome === 'no-recipient') {
    ctx.state.acceptanceNotice = { ...ctx.state.acceptanceNotice, noEmailAt: now.toISOString() };
    return;
  }
  await deliverAcceptanceNotice(ctx, { method: 'email', on: shanghaiDate(now), recordedAt: now.toISOString() }, now, 'system');
}

/** The state a petition starts in, from its (non-personal) registration input. */
function initialState(input: PetitionWorkflowInput, policy: Policy, calendar: WorkCalendar): PetitionState {
  return {
    number: input.number,
    petitionId: input.petitionId,
    status: 'registered',
    policyId: input.policyId,
    policyVersion: input.policyVersion ?? policy.version,
    calendarVersion: calendar.version,
    channel: input.channel,
    category: input.category,
    peopleCount: input.peopleCount,
    anonymous: input.anonymous,
    receivedAt: input.receivedAt,
    cooperatingDepartments: [],
    timeline: [{ type: 'registered', at: input.receivedAt, actor: input.registeredBy }],
    deadlines: [],
    overdue: false,
    firedSteps: [],
  };
}
