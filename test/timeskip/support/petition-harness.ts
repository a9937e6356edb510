/**
 * Runs the real petition workflow on the time-skipping test server with plain-function activities that record
 * every call, so a test reads what the workflow did and in which order. No database, no mail server: these tests
 * are about the workflow's timing logic. A run's handle answers an Update with the petition's whole state (the state
 * query just after the Update), which is what these tests check, and the Update's own small CommandResult as
 * `answered`: an activity the command started (the acceptance mail) may already have changed the queried state, so a
 * check of what the command itself left reads `answered`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadHospitalConfig } from '../../../services/hospital-config';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle, WorkflowUpdateOptions } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { petitionSearchAttributeTypes } from '../../../workflows/search-attributes';
import type { NoticeOutcome, NoticeRequest, PetitionActivities } from '../../../workflows/activity-contracts/petition';
import {
  acceptUpdate,
  assignUpdate,
  petitionStateQuery,
  type CommandResult,
  type PetitionState,
  type PetitionWorkflowInput,
} from '../../../workflows/petition/messages';
import type { petitionWorkflow } from '../../../workflows/petition/workflow';

export interface RecordedCall {
  activity: string;
  /** Workflow (test server) time when the activity ran. */
  at: number;
  args: any;
}

const LEADERS = new Set(['leader-med', 'leader-ops', 'president']);
const HOSPITAL = loadHospitalConfig(path.join(__dirname, '../../../config/hospital.json'));

/**
 * `outcome` answers a notice as the mail pipeline would: 'no-recipient' for a petitioner who left no e-mail address
 * (PetitionHarness.startPetition's petitionerEmail: false), 'sent' otherwise.
 */
export function recordingActivities(calls: RecordedCall[], now: () => number, outcome: (request: NoticeRequest) => NoticeOutcome = () => 'sent'): Partial<PetitionActivities> {
  const record = (activity: string) => (args: any) => {
    calls.push({ activity, at: now(), args });
  };
  return {
    recordTransition: async (args) => (record('recordTransition')(args), { written: true }),
    findUnknownDepartments: async (codes) => codes.filter((code) => code === 'NOPE'),
    staffRoleOf: async (staffId) => (LEADERS.has(staffId) ? (staffId === 'president' ? 'president' : 'leader') : 'intake'),
    // The record store's answer for config/hospital.json: the department's 分管院领导, or the 院长 (the policy's role).
    extensionDecider: async ({ departmentCode, approvedBy }) => {
      const department = HOSPITAL.departments.find((d) => d.code === departmentCode);
      const president = HOSPITAL.staff.find((member) => member.role === 'president')?.id ?? null;
      const base = { approvedBy, departmentCode, departmentName: department?.name ?? departmentCode };
      if (approvedBy === 'president') return { ...base, staffId: president, presidentInstead: false };
      const leader = HOSPITAL.staff.find((member) => member.id === department?.leaderInCharge && (member.role === 'leader' || member.role === 'president'));
      return leader ? { ...base, staffId: leader.id, presidentInstead: false } : { ...base, staffId: president, presidentInstead: true };
    },
    recordTimerFired: async (args) => (record('recordTimerFired')(args), { written: true, lagMs: Date.parse(args.firedAt) - Date.parse(args.scheduledAt) }),
    openSupervision: async (args) => record('openSupervision')(args),
    escalateSupervision: async (args) => record('escalateSupervision')(args),
    closeSupervision: async (args) => record('closeSupervision')(args),
    // One firing's writes, recorded as the calls they replace (tests read transitions, supervision and audit alike).
    recordFiring: async (firing) => {
      record('recordFiring')(firing);
      for (const event of firing.events) record('recordTransition')({ ...event, petitionId: firing.petitionId, number: firing.number, patch: firing.patch });
      for (const item of firing.supervisionsOpened) record('openSupervision')(item);
      for (const step of firing.escalations) record('escalateSupervision')(step);
      for (const timer of firing.timersFired) record('recordTimerFired')(timer);
      for (const notice of firing.notices ?? []) record('queueNotice')(notice);
      return { eventsWritten: firing.events.length, lagMs: firing.timersFired.map((t) => Date.parse(t.firedAt) - Date.parse(t.scheduledAt)) };
    },
    sendNotice: async (args) => (record('sendNotice')(args), outcome(args)),
    // The mail outbox's rows, one call per notice: a test reads a queued notice as it reads a sent one.
    queueNotices: async ({ notices }) => {
      for (const notice of notices) record('queueNotice')(notice);
      return { queued: notices.length };
    },
  };
}

/** The state queried just after an Update, with the Update's own answer (see the header). */
export type AnsweredState = PetitionState & { answered: CommandResult };

/** A petition's handle whose executeUpdate answers the state the command left (see the header). */
export type PetitionHandle = Omit<WorkflowHandle<typeof petitionWorkflow>, 'executeUpdate'> & {
  executeUpdate<Args extends [any, ...any[]]>(update: UpdateDefinition<CommandResult, Args>, options: WorkflowUpdateOptions & { args: Args }): Promise<AnsweredState>;
};

export interface PetitionRun {
  handle: PetitionHandle;
  calls: RecordedCall[];
  state(): Promise<PetitionState>;
  /** Transition types recorded so far, in order. */
  events(): string[];
  notices(kind?: string): any[];
}

/** A run that startAssigned brought to 已交办, with the state the assignment answered. */
export interface AssignedRun extends PetitionRun {
  assigned: PetitionState;
}

export class PetitionHarness {
  private readonly calls: RecordedCall[] = [];
  /** Petitions whose petitioner left no e-mail: their petitioner notices find no recipient. */
  private readonly withoutEmail = new Set<string>();
  private worker?: Worker;
  private running?: Promise<void>;
  readonly taskQueue = `petition-ts-${randomUUID()}`;

  constructor(private readonly env: TestWorkflowEnvironment) {}

  async start(): Promise<void> {
    await registerSearchAttributes(this.env);
    let clock = Date.now();
    // Activities read the test server's clock through the last known value (they cannot await it synchronously).
    const refresh = async () => {
      clock = await this.env.currentTimeMs();
    };
    const activities = recordingActivities(this.calls, () => clock, (request) =>
      request.audience === 'petitioner' && this.withoutEmail.has(request.petitionId) ? 'no-recipient' : 'sent');
    const wrapped = Object.fromEntries(
      Object.entries(activities).map(([name, fn]) => [name, async (...args: any[]) => (await refresh(), (fn as any)(...args))]),
    );
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowsPath: require.resolve('../../../workflows'),
      activities: wrapped,
    });
    this.running = this.worker.run();
  }

  async stop(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
  }

  async startPetition(overrides: Partial<PetitionWorkflowInput> = {}, options: { petitionerEmail?: boolean } = {}): Promise<PetitionRun> {
    const number = `XF-2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
    const input: PetitionWorkflowInput = {
      number,
      petitionId: randomUUID(),
      channel: 'visit',
      category: 'medical_quality',
      peopleCount: 1,
      anonymous: false,
      policyId: 'xinfang-2022',
      receivedAt: new Date(await this.env.currentTimeMs()).toISOString(),
      registeredBy: 'staff:intake01',
      ...overrides,
    };
    if (options.petitionerEmail === false) this.withoutEmail.add(input.petitionId);
    const handle = await this.env.client.workflow.start<typeof petitionWorkflow>('petitionWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: `petition:${number}`,
      args: [input],
    });
    const mine = () => this.calls.filter((call) => call.args?.petitionId === input.petitionId);
    return {
      handle: terminatingWhenSettled(handle),
      calls: this.calls,
      state: () => handle.query(petitionStateQuery),
      events: () => mine().filter((call) => call.activity === 'recordTransition').map((call) => call.args.type),
      notices: (kind) =>
        mine()
          .filter((call) => call.activity === 'sendNotice' || call.activity === 'queueNotice')
          .map((call) => ({ ...call.args, at: call.at }))
          .filter((notice) => !kind || notice.kind === kind),
    };
  }

  /** A petition received at a chosen instant: the test server's clock is first skipped ahead to it. */
  async startReceivedAt(instant: number, overrides: Partial<PetitionWorkflowInput> = {}, options: { petitionerEmail?: boolean } = {}): Promise<PetitionRun> {
    await sleepUntil(this.env, instant);
    return this.startPetition({ ...overrides, receivedAt: new Date(instant).toISOString() }, options);
  }

  /** A petition started with its defaults, accepted by intake and assigned to a lead department (and cooperating ones). */
  async startAssigned(leadDepartment: string, cooperatingDepartments: string[] = []): Promise<AssignedRun> {
    const run = await this.startPetition();
    await run.handle.executeUpdate(acceptUpdate, { args: [{ actor: 'staff:intake01' }] });
    const assigned = await run.handle.executeUpdate(assignUpdate, { args: [{ actor: 'staff:intake01', leadDepartment, cooperatingDepartments }] });
    return { ...run, assigned };
  }

  /** Calls of one petition, in order. */
  callsOf(petitionId: string): RecordedCall[] {
    return this.calls.filter((call) => call.args?.petitionId === petitionId);
  }
}

/**
 * The handle, with terminate waiting first until the run's history shows no workflow task and no activity in flight.
 * The test server locks time skipping while such a task is out; a run terminated between a recorded notice and the
 * end of that activity's workflow task (a test's last check often reads such a notice) left the lock held, and every
 * later sleep of the file then ran in real time (the next tests hung until their timeout on a busy machine). The
 * test server's describe does not report a pending workflow task, so the history is read.
 */
function terminatingWhenSettled(handle: WorkflowHandle<typeof petitionWorkflow>): PetitionHandle {
  const settled = Object.create(handle) as PetitionHandle;
  settled.executeUpdate = async (update, options) => {
    const answered = await handle.executeUpdate(update, options);
    return { ...(await handle.query(petitionStateQuery)), answered };
  };
  settled.terminate = async (reason?: string) => {
    const giveUpAt = Date.now() + 30_000;
    while (Date.now() < giveUpAt && (await tasksInFlight(handle)) > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    return handle.terminate(reason);
  };
  return settled;
}

/** Workflow tasks and activities scheduled and not yet finished, from the history (0 once the run is closed). */
async function tasksInFlight(handle: WorkflowHandle<typeof petitionWorkflow>): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  let workflowTasks = 0;
  const activities = new Set<string>();
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) workflowTasks += 1;
    if (event.workflowTaskCompletedEventAttributes || event.workflowTaskFailedEventAttributes || event.workflowTaskTimedOutEventAttributes) workflowTasks -= 1;
    if (event.activityTaskScheduledEventAttributes) activities.add(String(event.eventId));
    const finished = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes ?? event.activityTaskCanceledEventAttributes;
    if (finished) activities.delete(String(finished.scheduledEventId));
    if (event.workflowExecutionCompletedEventAttributes || event.workflowExecutionFailedEventAttributes || event.workflowExecutionTerminatedEventAttributes ||
      event.workflowExecutionContinuedAsNewEventAttributes || event.workflowExecutionTimedOutEventAttributes || event.workflowExecutionCanceledEventAttributes) return 0;
  }
  return Math.max(0, workflowTasks) + activities.size;
}

const INDEXED_TYPES = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/** The test server knows no custom search attributes; the workflow's upserts fail without them. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.entries(petitionSearchAttributeTypes).map(([name, type]) => [name, INDEXED_TYPES[type as keyof typeof INDEXED_TYPES]]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Advances the test server's clock to an absolute instant (never backwards). */
export async function sleepUntil(env: TestWorkflowEnvironment, instant: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}

/**
 * Activity calls run a little after their timer (the test server's clock runs in real time while a task is out, so
 * longer on a busy machine): a notice's offset from its due instant is compared to the minute.
 */
export function toMinute(ms: number): number {
  return Math.round(ms / 60_000) * 60_000;
}

/** The reminders and escalations a petition sent so far, as [kind, role, offset from due to the minute]. */
export function ladderAround(run: PetitionRun, due: number): Array<[string, string, number]> {
  return run.notices().filter((n) => n.kind === 'reminder' || n.kind === 'escalation').map((n) => [n.kind, n.role, toMinute(n.at - due)]);
}

/** The refusal message of an update the workflow rejected (its validator's ApplicationFailure). */
export async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? String(error);
  }
  throw new Error('the update was expected to be refused');
}
