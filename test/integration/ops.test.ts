/**
 * Ops on the real system, in a Temporal namespace of its own (so register numbers cannot meet another test file's):
 * search attributes registered through the operator service, list queries as in the README, no personal data in
 * workflow histories, health and metrics endpoints.
 */
import { dailyViews } from '../../infra/ops/temporal-ui-columns';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { historyToJson } from '../../infra/ops/history-json';
import { metricNames } from '../../services/observability/metrics';
import { registerSearchAttributes } from '../../services/observability/search-attributes';
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';
import { createNamespace } from '../support/namespace';
import { startTestSystem, type TestSystem } from '../support/system';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Visibility is eventually consistent: ask again until the expected workflows show up. */
async function listUntil(system: TestSystem, query: string, expected: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of system.temporal.workflow.list({ query })) ids.push(execution.workflowId);
    if (expected(ids) || Date.now() > deadline) return ids;
    await sleep(300);
  }
}

const petitioner = {
  name: '欧阳娜娜测试',
  phone: '13912345678',
  email: 'ouyang.private@example.cn',
  idNumber: '110105199001011234',
  address: '北京市朝阳区幸福路九十九号',
  relationToPatient: '女儿',
};
const secretText = {
  content: '独特投诉内容：夜班护士在七号病房忘记更换输液袋',
  complainedAbout: ['神经外科 李大夫独特标记'],
  investigation: '独特调查过程文字甲乙丙',
  findings: '独特查明事实文字丁戊己',
  opinion: '独特处理意见文字庚辛壬',
  result: '独特处理结果文字癸子丑',
  feedbackNote: '独特反馈备注寅卯辰',
};

describe('ops: visibility, privacy of histories, health and metrics', () => {
  let system: TestSystem;
  const namespace = `ops-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await createNamespace(process.env.TEMPORAL_ADDRESS!, namespace);
    system = await startTestSystem({ TEMPORAL_NAMESPACE: namespace });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  test('startup registered every petition search attribute in a namespace that had none', async () => {
    const { customAttributes } = await system.temporal.connection.operatorService.listSearchAttributes({ namespace });
    const connection = system.temporal.connection as Connection;
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(petitionSearchAttributeTypes)));
    expect(await registerSearchAttributes(connection, namespace)).toEqual([]);
  });

  test('the README list queries find petitions by department, status and overdue flag', async () => {
    const { body } = await system.api('/api/petitions', {
      body: { channel: 'visit', category: 'medical_quality', petitioner: { name: '王五' }, content: '排队时间过长' },
    });
    expect((await system.api(`/api/petitions/${body.number}/accept`, { body: {} })).status).toBe(200);
    expect((await system.api(`/api/petitions/${body.number}/assign`, { body: { leadDepartment: 'YWC' } })).status).toBe(200);

    const assigned = await listUntil(system, 'LeadDepartment="YWC" AND PetitionStatus="assigned" AND Overdue=false', (ids) =>
      ids.includes(body.workflowId),
    );
    expect(assigned).toContain(body.workflowId);
    const byNumber = await listUntil(system, `PetitionNumber="${body.number}"`, (ids) => ids.length === 1);
    expect(byNumber).toEqual([body.workflowId]);
    const overdue = await listUntil(system, 'Overdue=true AND LeadDepartment="YWC"', () => true);
    expect(overdue).not.toContain(body.workflowId);
    // 已超期 as of an instant (infra/ops/temporal-ui-columns.ts): due instants read too, so a passed deadline counts
    // before its firing is recorded. Its handling deadline runs for weeks: listed as of four months ahead, not as of now.
    const overdueAsOf = (at: Date) => dailyViews(at).find((view) => view.title.startsWith('已超期'))!.query + ` AND WorkflowId="${body.workflowId}"`;
    expect(await listUntil(system, overdueAsOf(new Date(Date.now() + 120 * 86_400_000)), (ids) => ids.length === 1)).toEqual([body.workflowId]);
    expect(await listUntil(system, overdueAsOf(new Date()), () => true)).toEqual([]);

    const description = await system.temporal.workflow.getHandle(body.workflowId).describe();
    expect(String(description.memo?.summary)).toContain(body.number);
  });

  test('a whole lifecycle leaves no personal data or free text in the workflow history', async () => {
    const created = await system.api('/api/petitions', {
      body: { channel: 'letter', category: 'medical_quality', petitioner, content: secretText.content, complainedAbout: secretText.complainedAbout },
    });
    expect(created.status).toBe(201);
    const { number, workflowId } = created.body;
    const steps: Array<[string, object]> = [
      ['accept', {}],
      ['assign', { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] }],
      ['reply', { department: 'YWC', investigation: secretText.investigation, findings: secretText.findings, opinion: secretText.opinion, result: secretText.result }],
      ['approve-reply', { investigation: secretText.investigation, findings: secretText.findings, opinion: secretText.opinion, result: secretText.result }],
      ['feedback', { satisfaction: 'satisfied', deliveryMethod: 'in_person', deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), note: secretText.feedbackNote }],
      ['archive', {}],
    ];
    for (const [command, body] of steps) expect((await system.api(`/api/petitions/${number}/${command}`, { body })).status).toBe(200);
    const handle = system.temporal.workflow.getHandle(workflowId);
    await handle.result();

    const json = historyToJson(await handle.fetchHistory());
    const texts: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') {
        texts.push(value);
        if (/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value)) texts.push(Buffer.from(value, 'base64').toString('utf8'));
      } else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(json);
    const everything = texts.join('\n');
    expect(everything).toContain(number); // the decoding works: ids are there
    expect(everything).toContain('YWC');
    const secrets = [...Object.values(petitioner), ...Object.values(secretText).flat()];
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });

  test('/healthz, /readyz and /metrics answer with the documented names', async () => {
    expect((await system.api('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await system.api('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: expect.objectContaining({ ok: true }), temporal: expect.objectContaining({ ok: true }) });

    const response = await fetch(`${system.apiUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const name of Object.values(metricNames)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/^petitions_open\{status="assigned"\} [1-9]\d*$/m);
    expect(text).toMatch(/^petitions_overdue \d+$/m);
    expect(text).toMatch(/^petition_timer_lag_seconds_max \d+/m);
    expect(text).toContain('process_cpu_seconds_total');
  });
});
