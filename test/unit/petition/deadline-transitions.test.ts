import { createWorkCalendar, loadPolicy } from '../../../workflows/deadlines';
import { openDeadline, policyDeadline } from '../../../workflows/petition/deadline-book';
import {
  validateAcknowledge,
  validateDecideExtension,
  validatePauseClock,
  validatePauseGround,
  validateRequestExtension,
  validateRequestReview,
  validateResumeClock,
  validateReturnCase,
  validateTakeOwnership,
} from '../../../workflows/petition/validators';
import type { PetitionState } from '../../../workflows/petition/messages';
import { pendingSteps } from '../../../workflows/petition/schedule';

const calendar = createWorkCalendar();
const xinfang = loadPolicy('xinfang-2022');
const acceptedAt = '2026-03-02T02:00:00.000Z';

function assignedState(overrides: Partial<PetitionState> = {}): PetitionState {
  const state: PetitionState = {
    number: 'XF-2026-000001', petitionId: 'p1', status: 'assigned', policyId: 'xinfang-2022', channel: 'visit',
    category: 'medical_quality', peopleCount: 1, anonymous: false, receivedAt: acceptedAt, acceptedAt,
    leadDepartment: 'YWC', cooperatingDepartments: ['XNK'], timeline: [], deadlines: [], ...overrides,
  };
  openDeadline(state, { id: 'handling:YWC:1', kind: 'handling', department: 'YWC' }, policyDeadline(xinfang, xinfang.limits.handling, acceptedAt, calendar), new Date(acceptedAt));
  return state;
}

const refusedWith = (fn: () => void, pattern: RegExp) => expect(fn).toThrow(pattern);

describe('deadline update validators', () => {
  test('签收 only by an assigned department, once', () => {
    const state = assignedState();
    expect(() => validateAcknowledge(state, { actor: 'a', department: 'XNK' })).not.toThrow();
    refusedWith(() => validateAcknowledge(state, { actor: 'a', department: 'CWC' }), /不是本事项的承办部门/);
    refusedWith(() => validateAcknowledge({ ...state, acknowledgements: { YWC: acceptedAt } }, { actor: 'a', department: 'YWC' }), /已签收/);
    refusedWith(() => validateAcknowledge({ ...state, status: 'replied' }, { actor: 'a', department: 'YWC' }), /已交办/);
  });

  test('an extension stays within the policy cap, needs a reason and waits for one decision at a time', () => {
    const state = assignedState();
    const request = { actor: 'a', department: 'YWC', days: 30, documentId: 'd' };
    expect(() => validateRequestExtension(state, request, xinfang, calendar)).not.toThrow();
    refusedWith(() => validateRequestExtension(state, { ...request, days: 31 }, xinfang, calendar), /超过最长延期/);
    refusedWith(() => validateRequestExtension({ ...state, extensionDaysGranted: { YWC: 10 } }, { ...request, days: 21 }, xinfang, calendar), /已批准10日/);
    refusedWith(() => validateRequestExtension(state, { ...request, days: 0 }, xinfang, calendar), /正整数/);
    refusedWith(() => validateRequestExtension(state, { ...request, documentId: ' ' }, xinfang, calendar), /documentId/);
    const pending = { ...state, pendingExtension: { department: 'YWC', days: 5, documentId: 'd', requestedAt: acceptedAt, actor: 'a' } };
    refusedWith(() => validateRequestExtension(pending, request, xinfang, calendar), /待审批/);
    refusedWith(() => validateRequestExtension(state, request, loadPolicy('complaint-2019'), calendar), /未规定延期/);
    refusedWith(() => validateDecideExtension(state, { actor: 'l', approve: true }), /没有待审批/);
    expect(() => validateDecideExtension(pending, { actor: 'l', approve: true })).not.toThrow();
  });

  test('only the lead department returns a case, with a reason', () => {
    const state = assignedState();
    expect(() => validateReturnCase(state, { actor: 'a', department: 'YWC', documentId: 'd' })).not.toThrow();
    refusedWith(() => validateReturnCase(state, { actor: 'a', department: 'XNK', documentId: 'd' }), /只有牵头部门/);
  });

  test('the clock stops only on a ground of the policy, approved by the role it names, once, and resumes only when stopped', () => {
    const state = assignedState();
    const own = loadPolicy('hospital-example');
    const byLeader = { actor: 'l', documentId: 'd', ground: 'supplementaryMaterials', approverRole: 'leader' };
    expect(() => validatePauseClock(state, byLeader)).not.toThrow();
    expect(validatePauseGround(state, byLeader, own).id).toBe('supplementaryMaterials');
    refusedWith(() => validatePauseGround(state, byLeader, xinfang), /未规定中止计时/);
    refusedWith(() => validatePauseGround(state, { ...byLeader, ground: undefined }, own), /请选择中止事由（可选：信访人补充材料）/);
    refusedWith(() => validatePauseGround(state, { ...byLeader, approverRole: 'intake' }, own), /须经分管院领导或院长批准/);
    refusedWith(() => validatePauseClock({ ...state, clockPaused: { at: acceptedAt, actor: 'a', documentId: 'd' } }, byLeader), /已暂停/);
    refusedWith(() => validatePauseClock({ ...state, status: 'archived' }, byLeader), /不能暂停/);
    refusedWith(() => validateResumeClock(state), /未暂停/);
  });

  test('review: only after a reply, within the window, and 不再受理 after the last stage', () => {
    const state = assignedState({ status: 'replied' });
    refusedWith(() => validateRequestReview(state, { actor: 'a', documentId: 'd' }, xinfang), /已超过复查申请期限/);
    openDeadline(state, { id: 'reviewRequest:recheck', kind: 'reviewRequest', stage: 'recheck' }, policyDeadline(xinfang, xinfang.review.stages[0].requestWithin, acceptedAt, calendar), new Date(acceptedAt));
    expect(() => validateRequestReview(state, { actor: 'a', documentId: 'd' }, xinfang)).not.toThrow();
    refusedWith(() => validateRequestReview({ ...state, status: 'assigned' }, { actor: 'a', documentId: 'd' }, xinfang), /收到书面答复后/);
    const done = { ...state, reviews: [{ stage: 'recheck', requestedAt: acceptedAt, documentId: 'x' }, { stage: 'reexamination', requestedAt: acceptedAt, documentId: 'y' }] };
    refusedWith(() => validateRequestReview(done, { actor: 'a', documentId: 'd' }, xinfang), /不再受理/);
    refusedWith(() => validateRequestReview(state, { actor: 'a', documentId: 'd' }, loadPolicy('hospital-example')), /未设复查程序/);
  });

  test('包案 once per leader and not after closure', () => {
    const state = assignedState();
    expect(() => validateTakeOwnership(state, { actor: 'staff:leader-med' })).not.toThrow();
    refusedWith(() => validateTakeOwnership({ ...state, owner: { actor: 'staff:leader-med', at: acceptedAt } }, { actor: 'staff:leader-med' }), /已包案/);
    refusedWith(() => validateTakeOwnership({ ...state, status: 'declined' }, { actor: 'staff:leader-med' }), /已办结/);
  });
});

describe('the deadline schedule', () => {
  test('reminders, overdue mark and escalations in firing order; a reminder covered by an escalation is dropped', () => {
    const state = assignedState();
    const steps = pendingSteps(state, xinfang, calendar).map((step) => ('stepId' in step.action ? `${step.action.type}:${step.action.stepId}` : step.action.type));
    expect(steps).toEqual(['reminder:threeDaysBefore', 'reminder:oneDayBefore', 'overdue', 'escalation:overdue', 'escalation:overdueToPresident']);
  });

  test('fired, paused and closed deadlines plan nothing more', () => {
    const state = assignedState();
    const [first] = pendingSteps(state, xinfang, calendar);
    state.firedSteps = [first.key];
    expect(pendingSteps(state, xinfang, calendar).map((s) => s.key)).not.toContain(first.key);
    state.deadlines![0].pausedAt = acceptedAt;
    expect(pendingSteps(state, xinfang, calendar)).toEqual([]);
    delete state.deadlines![0].pausedAt;
    state.deadlines![0].status = 'met';
    expect(pendingSteps(state, xinfang, calendar)).toEqual([]);
  });
});
