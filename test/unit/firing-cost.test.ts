/**
 * What a deadline firing costs, read from a captured history (test/replay/histories/running-overdue-outbox.json,
 * patch mail-outbox): from the timer that fires the overdue step to the moment its notices are queued, at most 3
 * workflow tasks and 1 activity, and no mail sent inside the firing (issue 10's target). Since the patch
 * local-record-writes (running-overdue-local-writes.json) that activity is a local one: the firing is one workflow
 * task and no activity task on the server. The fixtures replay in test/integration/replay.test.ts like every other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface HistoryEvent {
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  markerRecordedEventAttributes?: { markerName: string };
}

function historyEvents(fixture: string): HistoryEvent[] {
  const history = JSON.parse(readFileSync(path.join(__dirname, '../replay/histories', fixture), 'utf8'));
  return history.events ?? history.history.events;
}

const events = historyEvents('running-overdue-outbox.json');

test('overdue + escalation: one activity (recordFiring, which queues the notices) and at most 3 workflow tasks', () => {
  const firing = events.findIndex((event) => event.activityTaskScheduledEventAttributes?.activityType.name === 'recordFiring');
  expect(firing).toBeGreaterThan(0);
  const timerFired = events.map((event) => event.eventType).lastIndexOf('EVENT_TYPE_TIMER_FIRED', firing);
  expect(timerFired).toBeGreaterThan(0);
  const completedAt = events.findIndex((event, i) => i > firing && event.eventType === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
  const span = events.slice(timerFired, completedAt + 1);
  const activities = span.filter((event) => event.activityTaskScheduledEventAttributes).map((event) => event.activityTaskScheduledEventAttributes!.activityType.name);
  expect(activities).toEqual(['recordFiring']);
  // The task that ran the firing, and the one that reads its result.
  const tasks = events.slice(timerFired, completedAt + 4).filter((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED').length;
  expect(tasks).toBeLessThanOrEqual(3);
  // No sendNotice after the firing for the staff notices: the escalation went to the outbox.
  const after = events.slice(completedAt).map((event) => event.activityTaskScheduledEventAttributes?.activityType.name).filter(Boolean);
  expect(after).not.toContain('sendNotice');
});

test('the firing as a local activity: one workflow task, one local-activity marker, no activity task', () => {
  const local = historyEvents('running-overdue-local-writes.json');
  const types = local.map((event) => event.eventType);
  // The deadline's timer (the fixture's only fired timer), then the firing's recordFiring marker.
  const timerFired = types.indexOf('EVENT_TYPE_TIMER_FIRED');
  expect(timerFired).toBeGreaterThan(0);
  const marker = local.findIndex((event, i) => i > timerFired && event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  expect(marker).toBeGreaterThan(timerFired);
  const span = types.slice(timerFired, marker + 1);
  expect(span.filter((type) => type === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
  expect(span.filter((type) => type.startsWith('EVENT_TYPE_ACTIVITY_TASK'))).toEqual([]);
  // Nothing after the firing mails the staff: the escalation went to the outbox.
  const after = local.slice(marker).map((event) => event.activityTaskScheduledEventAttributes?.activityType.name).filter(Boolean);
  expect(after).not.toContain('sendNotice');
});
