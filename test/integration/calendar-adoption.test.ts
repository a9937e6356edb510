/**
 * Calendar adoption on running petitions (issue 16): a petition whose handling deadline was counted on a year
 * without an official schedule is counted again when that year's file arrives in config/calendar and an admin adopts
 * it: the new date, the old one kept in the deadline's adjustments, the department told, the step on the audit
 * trail; adopting twice changes nothing, and a petition registered after the file already counts with it.
 * The schedule file here is made up for the test (it sits in a temporary configuration directory, never in
 * config/calendar): it makes the deadline's own last day a holiday, whatever day the test runs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestSystem } from '../support/system';

jest.setTimeout(180_000);

const configDirectory = mkdtempSync(path.join(tmpdir(), 'calendar-adoption-'));
mkdirSync(path.join(configDirectory, 'calendar'));
copyFileSync(path.join(__dirname, '../../config/hospital.json'), path.join(configDirectory, 'hospital.json'));
afterAll(() => rmSync(configDirectory, { recursive: true, force: true }));

interface DeadlineView {
  id: string;
  kind: string;
  dueAt: string;
  deadline: { dueDate: string; fallbackYears: number[]; adjustments: Array<{ kind: string; previousDueAt?: string; dueAt?: string; year?: number }>; explanation: string };
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('adopting a year\'s official schedule recounts the running petitions on it', () => {
  const system = useTestSystem({ HOSPITAL_CONFIG: path.join(configDirectory, 'hospital.json') });
  const asIntake = { 'x-staff-id': 'intake01' };
  const asAdmin = { 'x-staff-id': 'admin01' };

  async function registerAndAssign(content: string): Promise<string> {
    const registered = await system.api('/api/petitions', {
      headers: asIntake,
      body: { channel: 'letter', category: 'medical_quality', petitioner: { name: '周敏', phone: '13900001111', email: 'zhoumin@example.com' }, content },
    });
    expect(registered.status).toBe(201);
    const number: string = (registered.body as { number: string }).number;
    expect((await system.api(`/api/petitions/${number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${number}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC', cooperatingDepartments: [] } })).status).toBe(200);
    return number;
  }

  const handlingOf = async (number: string): Promise<DeadlineView> => {
    const detail = await system.api(`/api/petitions/${number}`, { headers: asIntake });
    const deadlines = (detail.body as { workflow: { deadlines: DeadlineView[] } }).workflow.deadlines;
    return deadlines.find((d) => d.kind === 'handling')!;
  };

  test('the handling deadline moves past the new holiday, the department is told, the step is audited, once', async () => {
    const number = await registerAndAssign('心内科夜间值班医生未及时处置，要求说明情况');
    const before = await handlingOf(number);
    const year = Number(before.deadline.dueDate.slice(0, 4));
    expect(before.deadline.fallbackYears).toContain(year);

    // Nothing to adopt yet: the year has no file.
    expect((await system.api(`/api/calendar/${year}`, { headers: asAdmin })).status).toBe(404);
    expect((await system.api(`/api/calendar/${year}/adopt`, { headers: asIntake, body: {} })).status).toBe(403);

    // The year's schedule arrives: the deadline's last day and the day after are holidays in it.
    const holidays = { [before.deadline.dueDate]: 'Test Holiday,测试假日,2', [addDays(before.deadline.dueDate, 1)]: 'Test Holiday,测试假日,2' };
    writeFileSync(path.join(configDirectory, 'calendar', `${year}.json`), JSON.stringify({ year, source: '测试用节假日通知', holidays, workdays: {} }));
    const diff = await system.api(`/api/calendar/${year}`, { headers: asAdmin });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ year, source: '测试用节假日通知' });

    const adopted = await system.api(`/api/calendar/${year}/adopt`, { headers: asAdmin, body: {} });
    expect(adopted.status).toBe(200);
    const report = adopted.body as { adopted: Array<{ number: string; moved: Array<{ deadlineId: string; previousDueAt: string; dueAt: string }> }>; unchanged: string[] };
    const mine = report.adopted.find((p) => p.number === number)!;
    expect(mine.moved.map((m) => m.deadlineId)).toEqual([before.id]);
    expect(mine.moved[0].previousDueAt).toBe(before.dueAt);

    const after = await handlingOf(number);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    expect(after.deadline.dueDate > addDays(before.deadline.dueDate, 1)).toBe(true);
    expect(after.deadline.fallbackYears).not.toContain(year);
    const recalculation = after.deadline.adjustments.find((a) => a.kind === 'recalculation')!;
    expect(recalculation).toMatchObject({ year });
    expect(Date.parse(recalculation.previousDueAt!)).toBe(Date.parse(before.dueAt));
    expect(after.deadline.explanation).toContain('测试用节假日通知');

    const mail = await system.catcher!.waitFor((m) => m.subject.includes('信访事项期限变更通知') && m.subject.includes(number), 60_000);
    expect(mail.text).toContain('办理期限');
    expect(mail.text).not.toContain('周敏');
    const audit = await system.prisma.auditLog.findFirst({ where: { action: 'calendar.adopt' }, orderBy: { at: 'desc' } });
    expect(audit).toMatchObject({ actor: 'staff:admin01', outcome: 'ok' });
    expect(audit!.detail).toContain(`${year}年日历`);

    // Adopting again changes nothing.
    const again = await system.api(`/api/calendar/${year}/adopt`, { headers: asAdmin, body: {} });
    expect(again.status).toBe(200);
    expect((again.body as { unchanged: string[] }).unchanged).toContain(number);
    expect((await handlingOf(number)).dueAt).toBe(after.dueAt);

    // A petition registered now counts on the file from the start.
    const later = await registerAndAssign('门诊收费处多收检查费，要求退还');
    expect((await handlingOf(later)).deadline.fallbackYears).not.toContain(year);
  });
});
