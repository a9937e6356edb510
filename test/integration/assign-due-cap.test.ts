/**
 * A due date written on the assignment slip may only be earlier than the statutory handling deadline (the law issue:
 * 9999-12-31 and 2207-01-15 were accepted, the slip then read "请于10000年1月1日 07:59前办结" and the link was dead on
 * arrival). A later date is refused with 409 naming the statutory date; an earlier one is kept; no date means the
 * statutory one.
 */
import { freshPhone, registrationWith } from '../support/petition-steps';
import { useTestSystem } from '../support/system';

const marker = Math.random().toString(36).slice(2, 10);
const registration = registrationWith(() => ({
  petitioner: { name: '期限测试', phone: freshPhone('139') },
  content: `交办单期限上限测试（${marker}-${Math.random().toString(36).slice(2, 8)}）。`,
}));

describe('due date on the assignment slip', () => {
  const system = useTestSystem();

  async function acceptedPetition(): Promise<string> {
    const created = await system.api('/api/petitions', { body: registration() });
    expect(created.status).toBe(201);
    expect((await system.api(`/api/petitions/${created.body.number}/accept`, { body: {} })).status).toBe(200);
    return created.body.number;
  }

  test.each(['9999-12-31T15:59:59Z', '2207-01-15T00:00:00Z'])('%s, later than the statute, is refused with the limit named', async (dueAt) => {
    const number = await acceptedPetition();
    const refused = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC', dueAt } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/不得晚于法定期限\d{4}年\d{1,2}月\d{1,2}日24时前/);
    const detail = await system.api(`/api/petitions/${number}`);
    expect(detail.body.status).toBe('accepted');
  });

  test('a later date for a cooperating department is refused too', async () => {
    const number = await acceptedPetition();
    const refused = await system.api(`/api/petitions/${number}/assign`, {
      body: { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'], departmentDueAt: { XNK: '2207-01-15T00:00:00Z' } },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('XNK');
  });

  test('an earlier date is kept, and without one the statutory deadline applies', async () => {
    const statutory = await acceptedPetition();
    const plain = await system.api(`/api/petitions/${statutory}/assign`, { body: { leadDepartment: 'YWC' } });
    expect(plain.status).toBe(200);
    const statutoryDue = Date.parse(plain.body.dueAt);

    const earlier = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const number = await acceptedPetition();
    const assigned = await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: 'YWC', dueAt: earlier } });
    expect(assigned.status).toBe(200);
    expect(Date.parse(assigned.body.dueAt)).toBe(Date.parse(earlier));
    expect(Date.parse(assigned.body.dueAt)).toBeLessThan(statutoryDue);
  });
});
