/**
 * On the production-like cluster (real Temporal server on PostgreSQL, the API and two workers as separate processes,
 * configured by docker-compose.yml's variables): a petition's whole path over HTTP, then the README's ops queries
 * against this cluster's SQL visibility store.
 */
import { detailOf, expectSettledOnce, testCluster, waitUntil, workflowIdsOf, type Cluster } from './support/cluster';

const intake = { 'x-staff-id': 'intake01' };
const marker = Math.random().toString(36).slice(2, 10);

function registration(i: number) {
  return {
    channel: 'visit',
    category: 'medical_quality',
    petitioner: { name: '集群测试', email: `cluster${i}-${marker}@example.cn`, phone: `139${String(Date.now() + i).slice(-8)}` },
    content: `集群测试：术后伤口感染未及时处理（批次 ${marker}-${i}）`,
    complainedAbout: ['心内科'],
  };
}

async function post(cluster: Cluster, pathname: string, body: unknown, headers?: Record<string, string>) {
  const answer = await cluster.api(pathname, body, headers);
  if (answer.status >= 300) throw new Error(`POST ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Waits for a visibility query to list the workflow (visibility is eventually consistent). */
async function listed(cluster: Cluster, query: string, workflowId: string): Promise<string[]> {
  return waitUntil(`${workflowId} in \`workflow list --query '${query}'\``, 60_000, async () => {
    const ids = workflowIdsOf(await cluster.temporal(['workflow', 'list', '--query', query, '--output', 'json']));
    return ids.includes(workflowId) ? ids : undefined;
  });
}

describe('a petition on the production-like cluster', () => {
  let cluster: Cluster;
  let archivedNumber = '';
  beforeAll(() => {
    cluster = testCluster();
  });

  test('register, accept, assign, the department replies, feedback, archive: all over HTTP', async () => {
    const created = await post(cluster, '/api/petitions', registration(1), intake);
    const number: string = created.number;
    expect(number).toMatch(/^XF-\d{4}-\d{6}$/);
    await post(cluster, `/api/petitions/${number}/accept`, {}, intake);
    await post(cluster, `/api/petitions/${number}/assign`, { leadDepartment: 'YWC' }, intake);
    await expectSettledOnce(cluster, number, ['accepted', 'assigned'], ['acceptance', 'assignment'], 120_000);

    await post(cluster, `/api/petitions/${number}/reply`, {
      department: 'YWC', investigation: '调阅病历并询问当班人员。', findings: '情况属实。', opinion: '加强沟通。', result: '已向患者说明并致歉。',
    });
    await waitUntil(`${number} replied`, 120_000, async () => ((await detailOf(cluster, number)).events.some((e) => e.type === 'replied') ? true : undefined));
    await post(cluster, `/api/petitions/${number}/approve-reply`, { investigation: '调阅病历并询问当班人员。', findings: '情况属实。', opinion: '加强沟通。', result: '已向患者说明并致歉。' }, intake);
    await post(cluster, `/api/petitions/${number}/feedback`, { satisfaction: 'satisfied', deliveryMethod: 'in_person', deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) }, intake);
    await post(cluster, `/api/petitions/${number}/archive`, {}, intake);

    const detail = await expectSettledOnce(cluster, number, ['accepted', 'assigned', 'replied', 'archived'], ['acceptance', 'assignment'], 120_000);
    expect(detail.status).toBe('archived');
    // The archived petition's workflow has completed on the server.
    await listed(cluster, `PetitionNumber="${number}" AND ExecutionStatus="Completed"`, `petition:${number}`);
    archivedNumber = number;
  }, 600_000);

  test("the README's ops queries answer from this cluster's visibility store", async () => {
    const created = await post(cluster, '/api/petitions', registration(2), intake);
    const number: string = created.number;
    const workflowId = `petition:${number}`;
    await post(cluster, `/api/petitions/${number}/accept`, {}, intake);
    await post(cluster, `/api/petitions/${number}/assign`, { leadDepartment: 'YWC' }, intake);

    await listed(cluster, 'LeadDepartment="YWC" AND PetitionStatus="assigned"', workflowId);
    expect(await listed(cluster, `PetitionNumber="${number}"`, workflowId)).toEqual([workflowId]);
    const farAhead = new Date(Date.now() + 400 * 86_400_000).toISOString();
    await listed(cluster, `NextDueTime < '${farAhead}' AND ExecutionStatus='Running'`, workflowId);
    const running = JSON.parse(await cluster.temporal(['workflow', 'count', '--query', 'ExecutionStatus="Running"', '--output', 'json']));
    expect(Number(running.count)).toBeGreaterThanOrEqual(1);
    const described = await cluster.temporal(['workflow', 'describe', '-w', workflowId, '--output', 'json']);
    expect(described).toContain('PetitionStatus');
    expect(described).toContain('LeadDepartment');
    // The Web UI (ui-server) shows the same, through its HTTP API on the cluster's frontend.
    if (cluster.env.CLUSTER_UI_URL) {
      const query = encodeURIComponent(`PetitionNumber="${number}"`);
      await waitUntil(`${workflowId} in the Web UI`, 60_000, async () => {
        const answer = await fetch(`${cluster.env.CLUSTER_UI_URL}/api/v1/namespaces/${cluster.env.CLUSTER_NAMESPACE}/workflows?query=${query}`);
        return answer.ok && (await answer.text()).includes(workflowId) ? true : undefined;
      });
    }
    if (archivedNumber) {
      const open = workflowIdsOf(await cluster.temporal(['workflow', 'list', '--query', 'ExecutionStatus="Running"', '--output', 'json']));
      expect(open).not.toContain(`petition:${archivedNumber}`);
    }
  }, 300_000);
});
