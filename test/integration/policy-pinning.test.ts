/**
 * Policies pinned like the calendar (issue 16): a petition counts by the policy version it was registered under.
 * The policy file is edited in a temporary copy (read through an injected loader, never the repository's files):
 * a petition registered before the edit keeps its limits even for deadlines counted after it, one registered after
 * takes the edited file (a new version, although the file kept its version number), and a running petition moves
 * to the new version only through the recorded adoption (the adoptPolicy Update, audited as policy.adopt).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePolicy } from '../../activities/policy-schema';
import type { Policy } from '../../workflows/deadlines';
import { listPolicyIds } from '../../services/policies';
import { registerPetition, type RegistrationContext } from '../../services/petitions/registration';
import { adoptPolicyVersion } from '../../services/policy-versions';
import { useTestSystem } from '../support/system';

jest.setTimeout(180_000);

const directory = mkdtempSync(path.join(tmpdir(), 'policy-pinning-'));
const file = path.join(directory, 'xinfang-2022.json');
copyFileSync(path.join(__dirname, '../../workflows/deadlines/policies/xinfang-2022.json'), file);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The file as it is now, read at each call (the registration's view of the policy files). */
const currentPolicy = (id: string): Policy => parsePolicy(`${id}.json`, JSON.parse(readFileSync(path.join(directory, `${id}.json`), 'utf8')));

interface DeadlineView {
  kind: string;
  dueAt: string;
  deadline: { rule: string };
}

describe('a policy file edited after registration', () => {
  const system = useTestSystem();
  const asIntake = { 'x-staff-id': 'intake01' };
  const context = (): RegistrationContext => ({
    prisma: system.prisma,
    temporal: system.temporal,
    taskQueue: system.worker.options.taskQueue,
    defaultPolicy: 'xinfang-2022',
    knownPolicies: new Set(listPolicyIds()),
    currentPolicy,
  });

  async function register(content: string): Promise<string> {
    const registration = { channel: 'letter' as const, category: 'medical_quality' as const, anonymous: true, peopleCount: 1, complainedAbout: [], content };
    const { number } = await registerPetition(context(), registration, 'staff:intake01');
    expect((await system.api(`/api/petitions/${number}/accept`, { headers: asIntake, body: {} })).status).toBe(200);
    return number;
  }

  const workflowOf = async (number: string) => {
    const detail = await system.api(`/api/petitions/${number}`, { headers: asIntake });
    expect(detail.status).toBe(200);
    return (detail.body as { workflow: { policyVersion: string; deadlines: DeadlineView[]; timeline: Array<{ type: string }> } }).workflow;
  };

  async function assign(number: string): Promise<DeadlineView> {
    const assigned = await system.api(`/api/petitions/${number}/assign`, { headers: asIntake, body: { leadDepartment: 'YWC', cooperatingDepartments: [] } });
    expect(assigned.status).toBe(200);
    return (await workflowOf(number)).deadlines.find((d) => d.kind === 'handling')!;
  }

  test('running petitions keep their version until it is adopted; new ones take the edited file', async () => {
    const before = await register('门诊候诊时间过长，要求改进叫号流程');
    const beforeUnassigned = await register('住院部探视时间安排不合理，要求调整');
    expect((await workflowOf(before)).policyVersion).toBe('2022.1');

    // The file is edited without a new version number: 30 days instead of 60.
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.limits.handling = { ...edited.limits.handling, amount: 30, label: '受理后30日内办结（测试修改）' };
    writeFileSync(file, JSON.stringify(edited, null, 2));

    const after = await register('检验报告出具延迟，要求说明原因');
    const afterVersion = (await workflowOf(after)).policyVersion;
    expect(afterVersion).toMatch(/^2022\.1\+[0-9a-f]{8}$/);
    const stored = await system.prisma.policyVersion.findMany({ where: { policyId: 'xinfang-2022' }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((row) => row.version)).toEqual(['2022.1', afterVersion]);

    // Deadlines counted after the edit: the running petition by its own version, the new one by the edited file.
    const beforeHandling = await assign(before);
    expect(beforeHandling.deadline.rule).toContain('受理后60日内办结');
    expect((await assign(after)).deadline.rule).toContain('受理后30日内办结（测试修改）');
    expect((await system.prisma.petition.findUniqueOrThrow({ where: { number: before } })).policyVersion).toBe('2022.1');

    // An admin adopts the file's version: the two running on 2022.1 move, the one already on it is left alone.
    const report = await adoptPolicyVersion({ prisma: system.prisma, temporal: system.temporal, currentPolicy }, { policyId: 'xinfang-2022', actor: 'staff:admin01' });
    expect(report.version).toBe(afterVersion);
    expect(report.adopted).toEqual([before, beforeUnassigned].sort().map((number) => ({ number, previousVersion: '2022.1' })));
    expect(report.unchanged).toEqual([]);

    const moved = await workflowOf(before);
    expect(moved.policyVersion).toBe(afterVersion);
    expect(moved.timeline.map((entry) => entry.type)).toContain('policy_adopted');
    // A running deadline keeps the date it was counted and told with …
    expect(moved.deadlines.find((d) => d.kind === 'handling')).toMatchObject({ dueAt: beforeHandling.dueAt });
    expect((await system.prisma.petition.findUniqueOrThrow({ where: { number: before } })).policyVersion).toBe(afterVersion);
    // … and what is counted from now on follows the adopted version.
    expect((await assign(beforeUnassigned)).deadline.rule).toContain('受理后30日内办结（测试修改）');

    const audit = await system.prisma.auditLog.findFirst({ where: { action: 'policy.adopt' }, orderBy: { at: 'desc' } });
    expect(audit).toMatchObject({ actor: 'staff:admin01', outcome: 'ok' });
    expect(audit!.detail).toContain(`改用${afterVersion}版`);
    expect(audit!.detail).toContain('改用2件');

    // Adopting again changes nothing and says so.
    const again = await adoptPolicyVersion({ prisma: system.prisma, temporal: system.temporal, currentPolicy }, { policyId: 'xinfang-2022', actor: 'staff:admin01' });
    expect(again).toMatchObject({ petitions: 0, adopted: [] });
  });

  test('over HTTP: admins only, an unknown policy is a 404 with its reason', async () => {
    const asAdmin = { 'x-staff-id': 'admin01' };
    const shown = await system.api('/api/policies/xinfang-2022', { headers: asAdmin });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ policyId: 'xinfang-2022', version: '2022.1' });
    expect((await system.api('/api/policies/xinfang-2022/adopt', { headers: asIntake, body: {} })).status).toBe(403);
    const unknown = await system.api('/api/policies/nope/adopt', { headers: asAdmin, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('未知的期限策略');
    expect((await system.api('/api/policies/Not_An_Id', { headers: asAdmin })).status).toBe(400);
  });
});
