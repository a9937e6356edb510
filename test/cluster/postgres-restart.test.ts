/**
 * On the production-like cluster: its PostgreSQL (the record store and Temporal's persistence and visibility) is
 * stopped while petitions wait on deadlines, stays down past the due instant, and is started again. The Temporal
 * server, the workers and the API recover by themselves; every overdue mark and escalation mail then exists once.
 */
import { expectSettledOnce, testCluster, waitUntil, type Cluster } from './support/cluster';
import { startTestPostgres, stopTestPostgres, testPostgresAvailable } from './support/postgres';

const PETITIONS = 3;
const marker = Math.random().toString(36).slice(2, 10);

async function post(cluster: Cluster, pathname: string, body: unknown) {
  const answer = await cluster.api(pathname, body);
  if (answer.status >= 300) throw new Error(`POST ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const describeWithPostgres = testPostgresAvailable() ? describe : describe.skip;

describeWithPostgres('PostgreSQL restarted under the production-like cluster', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = testCluster();
  });

  test('stop PostgreSQL while deadlines wait, start it again: each deadline fires once', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < PETITIONS; i++) {
      const created = await post(cluster, '/api/petitions', {
        channel: 'visit',
        category: 'medical_quality',
        petitioner: { name: `数据库测试${i}`, email: `pgrestart${i}-${marker}@example.cn` },
        content: `集群故障测试：PostgreSQL 重启后期限恰好处理一次（${marker}-${i}）。`,
      });
      numbers.push(created.number);
      await post(cluster, `/api/petitions/${created.number}/accept`, {});
    }
    const dueAt = Date.now() + 20_000;
    for (const number of numbers) await post(cluster, `/api/petitions/${number}/assign`, { leadDepartment: 'YWC', dueAt: new Date(dueAt).toISOString() });
    for (const number of numbers) await expectSettledOnce(cluster, number, ['accepted', 'assigned'], ['acceptance', 'assignment'], 180_000);

    stopTestPostgres();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 5_000));
    startTestPostgres();
    const restartedAt = Date.now();

    for (const number of numbers) {
      await expectSettledOnce(cluster, number, ['accepted', 'assigned', 'overdue'], ['acceptance', 'assignment', 'escalation'], 300_000);
    }
    const settledAt = Date.now();
    await waitUntil('the API ready again', 120_000, async () => ((await fetch(`${cluster.env.CLUSTER_API_URL}/readyz`)).ok ? true : undefined));
    console.log(`postgres restart: all ${PETITIONS} overdue petitions settled ${((settledAt - restartedAt) / 1000).toFixed(1)} s after PostgreSQL was back`);
  }, 900_000);
});
