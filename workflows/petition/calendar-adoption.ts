/**
 * Calendar adoption: a year's State Council holiday schedule arrived after this petition started, and the hospital
 * adopted it (services/calendar-adoption.ts sends this Update to every running petition, recorded in the audit
 * trail). The petition counts with the new calendar from now on; every running deadline that was counted on the
 * year's fallback is counted again (workflows/deadlines/recalculate.ts), its old date kept in its adjustments; the
 * timers follow the new dates by themselves (the clock recomputes its steps from the state); the departments whose
 * date moved and the petitioner, when the date they were told or their own window moved, get a 期限变更 notice. A
 * petitioner's window never shortens. A system operation, not a party's command: it is not in the command catalog.
 */
import { defineUpdate } from '@temporalio/workflow';
import { calendarFromSnapshot, pauseDeadline, recalculateDeadline, type CalendarData } from '../deadlines';
import { endSupervision } from './clock';
import { handleUpdate, type PetitionContext } from './context';
import { deadlinesOf, isRunning } from './deadline-book';
import { handlingDueAt } from './policy-limits';
import type { CommandResult } from './messages';
import type { DeadlineRecord } from './state';
import { refuse } from './validators';

export interface AdoptCalendarCommand {
  actor: string;
  /** The adopted year (it must be official in `calendar`). */
  year: number;
  /** Where the schedule comes from, e.g. "国务院办公厅关于2027年部分节假日安排的通知"; public text. */
  source: string;
  /** The petition's calendar taken anew: the same years and closures, now with the year's schedule. */
  calendar: CalendarData;
}

export const adoptCalendarUpdate = defineUpdate<CommandResult, [AdoptCalendarCommand]>('adoptCalendar');

/** The deadlines the petitioner holds: their window is never shortened by a recount. */
const PETITIONERS_KINDS: ReadonlyArray<DeadlineRecord['kind']> = ['reviewRequest'];

function validateAdoptCalendar(ctx: PetitionContext, command: AdoptCalendarCommand): void {
  if (ctx.state.status === 'archived') refuse('信访事项已归档，无需重算期限', 'the petition is archived');
  if (!command.calendar.officialYears.includes(command.year)) {
    refuse(`新日历未包含${command.year}年的官方安排`, `the calendar has no official ${command.year} schedule`);
  }
  if (ctx.calendar.officialYears.includes(command.year)) {
    refuse(`本事项已按${command.year}年的官方安排计算期限`, `the petition already counts ${command.year} officially`);
  }
}

export function installCalendarAdoption(ctx: PetitionContext): void {
  const { state } = ctx;
  handleUpdate(ctx, adoptCalendarUpdate, (command) => validateAdoptCalendar(ctx, command), async (command) => {
    const calendar = calendarFromSnapshot(command.calendar);
    const now = new Date();
    const moved: Array<{ record: DeadlineRecord; previousDueAt: string }> = [];
    const reopened: DeadlineRecord[] = [];
    for (const record of deadlinesOf(state)) {
      if (!isRunning(record)) continue;
      const recounted = recalculateDeadline(record.deadline, calendar, {
        year: command.year,
        reason: command.source,
        keepLater: PETITIONERS_KINDS.includes(record.kind),
      });
      if (!recounted) continue;
      const previousDueAt = record.dueAt;
      record.deadline = recounted;
      record.dueAt = new Date(recounted.dueAt).toISOString();
      record.armedAt = now.toISOString();
      if (record.pausedAt) {
        // Stopped (补充材料): what is left to run is counted again from the new period too.
        record.remainingWhenPaused = pauseDeadline(recounted, record.pausedAt, calendar).remaining;
      }
      if (record.status === 'overdue' && Date.parse(record.dueAt) > now.getTime()) {
        // Marked overdue on the fallback's date, but the law's date is still ahead: no longer overdue.
        record.status = 'open';
        reopened.push(record);
      }
      if (record.dueAt !== previousDueAt) moved.push({ record, previousDueAt });
    }
    ctx.calendar = calendar;
    state.calendarVersion = calendar.version;
    const lead = moved.find(({ record }) => record.kind === 'handling' && record.department === state.leadDepartment);
    if (lead) state.dueAt = lead.record.dueAt;
    // The reply date the petitioner was told at acceptance, counted again when no department's date stands for it.
    const toldBefore = state.expectedReplyBy;
    if (toldBefore && !state.repliedAt) {
      state.expectedReplyBy = lead ? lead.record.dueAt : state.leadDepartment ? toldBefore : handlingDueAt(state, ctx.policy, calendar).toISOString();
    }
    // The overdue mark goes only when the recount took back every deadline that was overdue.
    if (reopened.length > 0) state.overdue = deadlinesOf(state).some((r) => r.status === 'overdue');
    const key = await ctx.transition('calendar_adopted', command.actor, { dueAt: state.dueAt ?? null, ...(reopened.length > 0 ? { overdue: state.overdue } : {}) }, {
      year: command.year,
      calendarVersion: calendar.version,
      moved: moved.map(({ record, previousDueAt }) => ({ deadlineId: record.id, previousDueAt, dueAt: record.dueAt })),
    });
    await endSupervision(ctx, reopened, 'cancelled');
    for (const { record, previousDueAt } of moved) {
      if (record.department && record.kind !== 'reviewRequest') {
        ctx.queueNotice(
          { kind: 'deadline-recalculated', departmentCode: record.department, deadlineKind: record.kind, year: command.year, source: command.source, previousDueAt, dueAt: record.dueAt },
          `${key}:${record.id}`,
        );
      }
      if (PETITIONERS_KINDS.includes(record.kind)) {
        ctx.queueNotice(
          { kind: 'deadline-recalculated-petitioner', deadlineKind: record.kind, year: command.year, source: command.source, previousDueAt, dueAt: record.dueAt },
          `${key}:${record.id}`,
        );
      }
    }
    if (toldBefore && state.expectedReplyBy && state.expectedReplyBy !== toldBefore) {
      ctx.queueNotice(
        { kind: 'deadline-recalculated-petitioner', deadlineKind: 'handling', year: command.year, source: command.source, previousDueAt: toldBefore, dueAt: state.expectedReplyBy },
        `${key}:expectedReplyBy`,
      );
    }
  });
}
