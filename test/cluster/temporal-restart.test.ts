/**
 * On the production-like cluster: the Temporal server is killed with SIGKILL while petitions wait on deadlines, the
 * deadlines pass while it is down, and it is started again on the same PostgreSQL. The workers and the API reconnect
 * by themselves; every overdue mark and escalation mail then exists once. Prints how long the recovery took.
 */
import { expectSettledOnce, testCluster, waitUntil, type Cluster } from './support/cluster';

const PETITIONS = 3;
const marker = Math.random().toString(36).slice(2, 10);

async function post(cluster: Cluster, pathname: string, body: unknown) {
  const answer = await cluster.api(pathname, body);
  if (answer.status >= 300) throw new Error(`POST ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('the Temporal server killed on the production-like cluster', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = testCluster();
  });

  test('SIGKILL the server while deadlines wait, restart it: each deadline fires once', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < PETITIONS; i++) {
      const created = await post(cluster, '/api/petitions', {
        channel: 'visit',
        category: 'medical_quality',
        petitioner: { name: `重启测试${i}`, email: `restart${i}-${marker}@example.cn` },
        content: `集群故障测试：Temporal 服务器重启后期限恰好处理一次（${marker}-${i}）。`,
      });
      numbers.push(created.number);
      await post(cluster, `/api/petitions/${created.number}/accept`, {});
    }
    const dueAt = Date.now() + 20_000;
    for (const number of numbers) await post(cluster, `/api/petitions/${number}/assign`, { leadDepartment: 'YWC', dueAt: new Date(dueAt).toISOString() });
    for (const number of numbers) await expectSettledOnce(cluster, number, ['accepted', 'assigned'], ['acceptance', 'assignment'], 180_000);

    await cluster.kill('temporal-server');
    // The deadlines pass while no server runs.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 2_000));
    const restartedAt = Date.now();
    await cluster.relaunch('temporal-server');
    const servingAt = Date.now();

    for (const number of numbers) {
      await expectSettledOnce(cluster, number, ['accepted', 'assigned', 'overdue'], ['acceptance', 'assignment', 'escalation'], 300_000);
    }
    const settledAt = Date.now();
    // The API answers again through its own, reconnected client.
    await waitUntil('the API ready again', 120_000, async () => ((await fetch(`${cluster.env.CLUSTER_API_URL}/readyz`)).ok ? true : undefined));
    console.log(
      `temporal restart: serving ${((servingAt - restartedAt) / 1000).toFixed(1)} s after the relaunch; all ${PETITIONS} overdue ` +
        `petitions settled ${((settledAt - servingAt) / 1000).toFixed(1)} s after that`,
    );
  }, 900_000);
});
