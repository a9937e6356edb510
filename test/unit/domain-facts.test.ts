import { decideAlertReasons } from '../../workflows/domain/alerts';
import { finishedAt, isClosedStatus } from '../../workflows/domain/closure';
import { dueDate, formatDue, formatDueChinese, formatDueMoment } from '../../workflows/domain/due';
import { isDeadlineOverdue, isOverdue, lateDepartments, responsibleFor, type DeadlineFact } from '../../workflows/domain/overdue';
import { petitionFactsOf } from '../../workflows/domain/recorded-facts';
import { describeTimeLeft } from '../../workflows/domain/time-left';

const endOf20261210 = new Date('2026-12-10T16:00:00Z');

describe('the due instant and its display', () => {
  test('a period ending with a day shows that day at 24:00, never the next day at 00:00', () => {
    expect(formatDue(endOf20261210)).toBe('2026-12-10 24:00');
    expect(formatDueChinese(endOf20261210)).toBe('2026年12月10日24时前');
    expect(dueDate(endOf20261210)).toBe('2026-12-10');
  });

  test('a due time of day shows that time', () => {
    expect(formatDue('2026-11-23T10:00:00Z')).toBe('2026-11-23 18:00');
    expect(formatDueMoment('2026-11-23T10:00:00Z')).toBe('2026年11月23日 18:00');
    expect(formatDueChinese('2026-11-23T16:30:00Z')).toBe('2026年11月24日 00:30前');
  });
});

describe('time left', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  test('reads in days and hours, whole days when far, years when very far; 已超期 N 天 once past', () => {
    expect(describeTimeLeft('2026-01-03T05:00:00Z', now)).toBe('剩余 2 天 5 小时');
    expect(describeTimeLeft('2026-03-01T00:00:00Z', now)).toBe('剩余 59 天');
    expect(describeTimeLeft('2206-01-01T00:00:00Z', now)).toBe('剩余 180 年以上');
    expect(describeTimeLeft('2025-12-31T23:30:00Z', now)).toBe('已超期 0 小时 30 分');
    expect(describeTimeLeft('2025-12-01T00:00:00Z', now)).toBe('已超期 31 天');
  });
});

describe('overdue and who answers for it', () => {
  const now = '2026-02-01T00:00:00Z';
  const fact = (fields: Partial<DeadlineFact>): DeadlineFact => ({ id: 'x', kind: 'handling', department: 'MZB', dueAt: '2026-01-20T16:00:00Z', status: 'open', ...fields });

  test('an open deadline past due, or one marked overdue, is overdue; met, paused, cancelled or the review window are not', () => {
    expect(isDeadlineOverdue(fact({}), now)).toBe(true);
    expect(isDeadlineOverdue(fact({ status: 'overdue', dueAt: '2026-01-31T00:00:00Z' }), now)).toBe(true);
    expect(isDeadlineOverdue(fact({ dueAt: '2026-03-01T16:00:00Z' }), now)).toBe(false);
    expect(isDeadlineOverdue(fact({ status: 'met', closedAt: '2026-01-25T00:00:00Z' }), now)).toBe(false);
    expect(isDeadlineOverdue(fact({ pausedAt: '2026-01-10T00:00:00Z' }), now)).toBe(false);
    expect(isDeadlineOverdue(fact({ status: 'cancelled', closedAt: '2026-01-25T00:00:00Z' }), now)).toBe(false);
    expect(isDeadlineOverdue(fact({ kind: 'reviewRequest', department: null }), now)).toBe(false);
    // Asked about an earlier instant, a deadline met later was still overdue then.
    expect(isDeadlineOverdue(fact({ status: 'met', closedAt: '2026-01-25T00:00:00Z' }), '2026-01-22T00:00:00Z')).toBe(true);
  });

  test('acceptance is owed by 信访办; 签收, handling and the review answer by the department', () => {
    expect(responsibleFor(fact({ kind: 'acceptance', department: null }))).toMatchObject({ stage: 'acceptance', party: 'intake', department: null });
    expect(responsibleFor(fact({ kind: 'acknowledgement' }))).toMatchObject({ stageLabel: '签收', party: 'department', department: 'MZB' });
    expect(responsibleFor(fact({ kind: 'reviewAnswer', department: 'JYK' }))).toMatchObject({ stage: 'reviewAnswer', department: 'JYK' });
  });

  test('a late acceptance decision never counts against the department that got the case afterwards', () => {
    const petition = {
      status: 'assigned',
      deadlines: [
        fact({ id: 'acceptance', kind: 'acceptance', department: null, dueAt: '2025-12-01T16:00:00Z', status: 'met', overdueAt: '2025-12-01T16:00:01Z', closedAt: '2026-01-15T00:00:00Z' }),
        fact({ id: 'handling:MZB:1', dueAt: '2026-03-01T16:00:00Z' }),
      ],
    };
    expect(isOverdue(petition, now)).toBe(false);
    expect(lateDepartments(petition, now)).toEqual([]);
  });

  test('a closed petition is never overdue', () => {
    expect(isOverdue({ status: 'archived', deadlines: [fact({ status: 'overdue' })] }, now)).toBe(false);
    expect(isClosedStatus('declined')).toBe(true);
  });

  test('rows without the workflow copy are described from their columns', () => {
    const row = { status: 'assigned', leadDepartment: 'MZB', dueAt: new Date('2026-01-05T16:00:00Z'), overdue: false };
    expect(isOverdue(petitionFactsOf(row), now)).toBe(true);
    const finished = { ...row, status: 'archived', finishedAt: new Date('2026-01-10T00:00:00Z'), closedAt: new Date('2026-01-11T00:00:00Z') };
    expect(lateDepartments(petitionFactsOf(finished), now)).toEqual(['MZB']);
  });
});

describe('closure and alerts', () => {
  test('办结 is feedback, or archiving after acceptance; a declined petition is closed but never finished', () => {
    expect(finishedAt({ fedBackAt: '2026-01-05T00:00:00Z' })?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(finishedAt({ acceptedAt: '2026-01-01T00:00:00Z', archivedAt: '2026-01-06T00:00:00Z' })?.toISOString()).toBe('2026-01-06T00:00:00.000Z');
    expect(finishedAt({ archivedAt: '2026-01-06T00:00:00Z' })).toBeNull();
  });

  test('alert reasons are decided once, sorted, each once', () => {
    expect(decideAlertReasons({ peopleCount: 6, channel: 'higher_authority', repeat: true }, ['repeat'])).toEqual(['collective', 'levelSkipping', 'repeat']);
    expect(decideAlertReasons({ peopleCount: 1, channel: 'letter' })).toEqual([]);
  });
});
