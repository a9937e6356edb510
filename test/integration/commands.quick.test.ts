/**
 * Every command of the catalog over the real API: its route exists at its slug, bad input is a 400 whose reason is
 * Chinese and names the field, and a command the petition's state does not allow is a 409 with the workflow's reason
 * that leaves no document behind.
 */
import { commandList, commands, type CommandKey } from '../../services/petitions/command-catalog';
import { useTestSystem } from '../support/system';

const chinese = /[\u4e00-\u9fff]/;

/** A body each command accepts as input (whether the petition's state allows it is the workflow's business). */
const validBodies: Record<CommandKey, Record<string, unknown>> = {
  accept: {},
  decline: { reason: '不属于本院职责', redirectTo: '区卫生健康委员会' },
  assign: { leadDepartment: 'YWC' },
  acknowledge: { department: 'YWC' },
  reply: { department: 'YWC', investigation: '调查', findings: '查明', opinion: '意见', result: '结果' },
  requestExtension: { department: 'YWC', days: 10, reason: '需调取记录' },
  decideExtension: { approve: true },
  returnCase: { department: 'YWC', reason: '不属于本部门职责' },
  approveReply: { investigation: '调查', findings: '查明', opinion: '意见', result: '结果' },
  returnReply: { note: '请补充调查经过' },
  feedback: { satisfaction: 'satisfied', deliveryMethod: 'email' },
  pauseClock: { ground: 'supplementaryMaterials', reason: '请信访人补充材料' },
  resumeClock: {},
  requestReview: { reason: '不服处理意见' },
  reopen: { evidence: '信访人补交了新的缴费凭证' },
  recordAcceptanceNoticeDelivery: { deliveryMethod: 'post', deliveredOn: '2026-12-01', trackingNumber: 'XA123456789CN' },
  archive: {},
  takeOwnership: {},
  urge: { department: 'YWC' },
  instruct: { department: 'YWC', note: '请三日内查明原因' },
  sendReviewFile: { note: '附案卷材料清单' },
  recordReviewReceipt: { receivedOn: '2026-12-01' },
  startReviewHearing: { basis: '2026年12月10日在市卫健委召开听证会' },
  endReviewHearing: {},
  answerReview: { opinion: '维持原处理意见' },
};

/** One broken field per command that takes any, with the Chinese name its reason must give. */
const badFields: Partial<Record<CommandKey, { body: Record<string, unknown>; field: string; label: string }>> = {
  decline: { body: { reason: '不属于本院职责' }, field: 'redirectTo', label: '告知其向何处反映' },
  assign: { body: { leadDepartment: 'ywc' }, field: 'leadDepartment', label: '牵头部门' },
  acknowledge: { body: { department: 7 }, field: 'department', label: '承办部门' },
  reply: { body: { department: 'YWC', investigation: '调查', findings: '查明', opinion: '意见' }, field: 'result', label: '处理结果' },
  requestExtension: { body: { department: 'YWC', days: 0, reason: '需调取记录' }, field: 'days', label: '延长天数' },
  decideExtension: { body: { approve: 'yes' }, field: 'approve', label: '同意' },
  returnCase: { body: { department: 'YWC', reason: '' }, field: 'reason', label: '退回理由' },
  approveReply: { body: { investigation: '调查', findings: '查明', opinion: '意见' }, field: 'result', label: '处理结果' },
  returnReply: { body: { note: ' ' }, field: 'note', label: '退回意见' },
  feedback: { body: { satisfaction: 'great', deliveryMethod: 'email' }, field: 'satisfaction', label: '满意度' },
  pauseClock: { body: { reason: 'x'.repeat(5001) }, field: 'reason', label: '中止理由' },
  requestReview: { body: {}, field: 'reason', label: '复查请求' },
  urge: { body: { department: 'ywc' }, field: 'department', label: '承办部门' },
  recordAcceptanceNoticeDelivery: { body: { deliveryMethod: 'post', deliveredOn: '2026/12/01' }, field: 'deliveredOn', label: '寄出或送达日期' },
  instruct: { body: { department: 'YWC', note: '' }, field: 'note', label: '督办意见' },
};

describe('the command catalog over the real API', () => {
  const system = useTestSystem();
  let registered: string;

  beforeAll(async () => {
    const created = await system.api('/api/petitions', { body: { channel: 'letter', category: 'billing', anonymous: true, content: '重复收费，要求退还。' } });
    expect(created.status).toBe(201);
    registered = created.body.number;
  }, 120_000);

  test('bad input is a 400 with a Chinese reason naming the field, at every command\'s slug', async () => {
    for (const command of commandList) {
      const bad = badFields[command.key] ?? { body: { extra: 1 }, field: 'extra', label: '不允许的字段' };
      const response = await system.api(`/api/petitions/${registered}/${command.slug}`, { body: bad.body });
      expect({ command: command.key, status: response.status }).toEqual({ command: command.key, status: 400 });
      const field = (response.body.fields as Array<{ field: string; message: string }>).find((f) => f.field === bad.field);
      expect(field).toBeDefined();
      expect(field!.message).toMatch(chinese);
      expect(field!.message).toContain(bad.label);
    }
  });

  test('a command the state does not allow is a 409 with the workflow\'s reason and leaves no document', async () => {
    // pauseClock too: the petition's policy (信访工作条例) states no ground to stop a clock on.
    const notNow = commandList.filter((c) => !['accept', 'decline', 'takeOwnership'].includes(c.key));
    for (const command of notNow) {
      const response = await system.api(`/api/petitions/${registered}/${command.slug}`, { body: validBodies[command.key] });
      expect({ command: command.key, status: response.status }).toEqual({ command: command.key, status: 409 });
      expect(response.body.error).toMatch(chinese);
    }
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: registered }, include: { documents: true } });
    expect(petition.documents).toEqual([]);
    expect(petition.status).toBe('registered');
  });

  test('a command the state allows runs its update and writes the event the catalog says it emits', async () => {
    const accepted = await system.api(`/api/petitions/${registered}/${commands.accept.slug}`, { body: validBodies.accept });
    expect(accepted.status).toBe(200);
    expect(accepted.body.timeline.at(-1).type).toBe(commands.accept.emits[0]);
    // Under the hospital's own rules a clock may stop for 补充材料, approved (and entered) by a leader.
    const own = await system.api('/api/petitions', { body: { channel: 'letter', category: 'billing', anonymous: true, content: '重复收费，要求退还。', policyId: 'hospital-example' } });
    expect(own.status).toBe(201);
    const paused = await system.api(`/api/petitions/${own.body.number}/${commands.pauseClock.slug}`, { body: validBodies.pauseClock, headers: { 'x-staff-id': 'leader-med' } });
    expect(paused.status).toBe(200);
    expect(commands.pauseClock.emits).toContain(paused.body.timeline.at(-1).type);
    const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number: own.body.number }, include: { documents: true } });
    expect(petition.documents.map((d) => d.kind)).toEqual([commands.pauseClock.document!.kind]);
  });
});
