import { escalationInstants, loadPolicy, reminderInstants } from '../../../workflows/deadlines';

describe('reminder and escalation instants', () => {
  const policy = loadPolicy('xinfang-2022');
  const dueAt = new Date('2026-07-31T16:00:00.000Z'); // 24:00 Shanghai, 2026-07-31

  it('places each reminder step relative to the due instant, in chain order', () => {
    const reminders = reminderInstants(dueAt, policy.reminders);
    expect(reminders.map((reminder) => [reminder.step.role, reminder.at.toISOString()])).toEqual([
      ['handler', '2026-07-28T16:00:00.000Z'],
      ['departmentHead', '2026-07-30T16:00:00.000Z'],
      ['leaderInCharge', '2026-07-31T16:00:00.000Z'],
      ['president', '2026-08-03T16:00:00.000Z'],
    ]);
  });

  it('supports hour and minute offsets', () => {
    const [morning, soon] = reminderInstants('2026-07-31T16:00:00.000Z', [
      { id: 'morningOfLastDay', offset: { amount: 15, unit: 'hours', direction: 'before' }, relativeTo: 'due', role: 'handler', label: '今日到期' },
      { id: 'soon', offset: { amount: 30, unit: 'minutes', direction: 'after' }, relativeTo: 'due', role: 'departmentHead', label: '已超期' },
    ]);
    expect(morning.at.toISOString()).toBe('2026-07-31T01:00:00.000Z'); // 09:00 Shanghai
    expect(soon.at.toISOString()).toBe('2026-07-31T16:30:00.000Z');
  });

  it('escalates to the leader in charge at once and to the president after the configured delay', () => {
    const steps = escalationInstants(dueAt, policy.escalation);
    expect(steps.map((step) => [step.step.role, step.step.supervise, step.at.toISOString()])).toEqual([
      ['leaderInCharge', true, '2026-07-31T16:00:00.000Z'],
      ['president', true, '2026-08-03T16:00:00.000Z'],
    ]);
  });
});
