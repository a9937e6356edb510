/**
 * What a deadline firing costs, read from a captured history (test/replay/histories/running-overdue-outbox.json,
 * patch mail-outbox): from the timer that fires the overdue step to the moment its notices are queued, at most 3
 * workflow tasks and 1 activity, and no mail sent inside the firing (issue 10's target). The fixture replays in
 * test/integration/replay.test.ts like every other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface HistoryEvent {
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
}

const history = JSON.parse(readFileSync(path.join(__dirname, '../replay/histories/running-overdue-outbox.json'), 'utf8'));
const events: HistoryEvent[] = history.events ?? history.history.events;

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
