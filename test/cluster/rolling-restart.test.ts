/**
 * On the production-like cluster: both workers are rolled, one at a time (SIGTERM, then started again with the
 * command start.sh gave them, as a deployment replaces replicas), while petitions wait for the department. The
 * petitions go on afterwards on the new processes, which rebuild each workflow by replaying its history (their caches
 * start empty), and nothing is done twice. (Rolling onto different workflow code is the replay tests' subject.)
 */
import { detailOf, expectSettledOnce, testCluster, waitUntil, type Cluster } from './support/cluster';

const marker = Math.random().toString(36).slice(2, 10);

async function post(cluster: Cluster, pathname: string, body: unknown) {
  const answer = await cluster.api(pathname, body);
  if (answer.status >= 300) throw new Error(`POST ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('workers rolled on the production-like cluster', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = testCluster();
  });

  test('roll both workers while petitions wait: they go on, on the new processes, once', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await post(cluster, '/api/petitions', {
        channel: 'visit',
        category: 'medical_quality',
        petitioner: { name: `滚动测试${i}`, email: `rolling${i}-${marker}@example.cn` },
        content: `集群测试：worker 滚动升级时信访件继续办理（${marker}-${i}）。`,
      });
      numbers.push(created.number);
      await post(cluster, `/api/petitions/${created.number}/accept`, {});
      await post(cluster, `/api/petitions/${created.number}/assign`, { leadDepartment: 'YWC' });
    }
    for (const number of numbers) await expectSettledOnce(cluster, number, ['accepted', 'assigned'], ['acceptance', 'assignment'], 180_000);

    // One worker at a time, so the task queue always has a poller.
    for (const n of [1, 2]) {
      const before = cluster.workerPid(n);
      await cluster.stop(`worker-${n}`);
      await cluster.relaunch(`worker-${n}`);
      expect(cluster.workerPid(n)).not.toBe(before);
      expect(await cluster.workerReady(n)).toBe(true);
    }
    const newWorkers = [cluster.workerPid(1), cluster.workerPid(2)].map((pid) => `${pid}@`);

    for (const number of numbers) {
      await post(cluster, `/api/petitions/${number}/reply`, {
        department: 'YWC', investigation: '调阅病历。', findings: '情况属实。', opinion: '加强沟通。', result: '已说明并致歉。',
      });
    }
    for (const number of numbers) {
      await waitUntil(`${number} replied after the roll`, 180_000, async () => ((await detailOf(cluster, number)).events.some((e) => e.type === 'replied') ? true : undefined));
      await expectSettledOnce(cluster, number, ['accepted', 'assigned', 'replied'], ['acceptance', 'assignment'], 180_000);
      const identity = await cluster.lastWorkflowTaskIdentity(`petition:${number}`);
      expect(newWorkers.some((prefix) => identity?.startsWith(prefix))).toBe(true);
    }
  }, 900_000);
});
