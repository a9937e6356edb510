/**
 * The command catalog is the one place a petition command is spelled: every Update the workflow defines has exactly
 * one entry, and the API routes, role checks, console forms and link forms are derived from it.
 */
import { readFileSync } from 'node:fs';
import { README, readmeCommandTable, renderCommandTable } from '../../infra/ops/command-docs';
import { loadPolicy } from '../../workflows/deadlines';
import type { PetitionStatus } from '../../workflows/domain/catalog';
import { isEventType } from '../../workflows/domain/events';
import * as messages from '../../workflows/petition/messages';
import type { PetitionState } from '../../workflows/petition/messages';
import { commandRefusal } from '../../services/auth/petition-access';
import { isRole, rolesForCommand, type Principal, type Role } from '../../services/auth/roles';
import { actionForms, consoleForms } from '../../services/console/action-forms';
import { commandBodyFromForm, formFieldKinds, formOnlyFields } from '../../services/console/form-commands';
import { isLinkAction, linkActions } from '../../services/links/link-actions';
import { authorityPage, departmentPage, leaderPage } from '../../services/links/link-pages';
import { linkPurposes } from '../../services/links/link-tokens';
import { commandBySlug, commandList, commands, isCommandKey, type CommandKey } from '../../services/petitions/command-catalog';
import { parseCommandInput } from '../../services/petitions/commands';

const updateNames = Object.values(messages as Record<string, unknown>)
  .filter((value): value is { type: 'update'; name: string } => typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'update')
  .map((update) => update.name);

/** Today's URLs, kept: /api/petitions/:number/<slug> and /console/petitions/:number/<slug>. */
const todaysSlugs = [
  'accept', 'decline', 'assign', 'reply', 'feedback', 'archive', 'acknowledge', 'request-extension', 'decide-extension',
  'return', 'pause', 'resume', 'request-review', 'take-ownership',
  // 信访办审核处理意见书 (review before answer)
  'approve-reply', 'return-reply',
  // 催办 from the 督办 board (issue 13)
  'urge', 'instruct',
  // 重新处理 on new facts or evidence (issue 16)
  'reopen',
  // 受理告知书 posted or handed over (issue 16)
  'record-acceptance-notice-delivery',
  // 复查 / 复核 by the authority above (issue 16)
  'send-review-file', 'record-review-receipt', 'start-review-hearing', 'end-review-hearing', 'answer-review',
];

const person = (role: Role, departmentCode: string | null = null): Principal => ({
  staffId: `${role}01`, name: role, role, departmentCode, actor: `staff:${role}01`, via: 'session',
});

describe('command catalog', () => {
  test('every update the workflow defines has exactly one entry, keyed by the update name', () => {
    expect(updateNames.length).toBeGreaterThan(0);
    expect([...updateNames].sort()).toEqual(commandList.map((c) => c.key).sort());
    for (const command of commandList) expect(command.update.name).toBe(command.key);
    expect(new Set(commandList.map((c) => c.update)).size).toBe(commandList.length);
  });

  test('slugs are unique, keep today\'s URLs and lead back to their entry', () => {
    const slugs = commandList.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect([...slugs].sort()).toEqual([...todaysSlugs].sort());
    for (const command of commandList) {
      expect(command.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(commandBySlug(command.slug)).toBe(command);
    }
    expect(commandBySlug('returnCase')).toBeUndefined();
  });

  test('every entry emits known event types, names known roles and has a Chinese label', () => {
    for (const command of commandList) {
      expect(command.emits.length).toBeGreaterThan(0);
      for (const type of command.emits) expect(isEventType(type)).toBe(true);
      expect(command.roles.length).toBeGreaterThan(0);
      for (const role of command.roles) expect(isRole(role)).toBe(true);
      expect(command.label).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(rolesForCommand(command.key)).toBe(command.roles);
    }
    expect(new Set(commandList.map((c) => c.label)).size).toBe(commandList.length);
  });

  test('the README\'s command table is the catalog (npx tsx infra/ops/command-docs.ts --write)', () => {
    expect(readmeCommandTable(readFileSync(README, 'utf8'))).toBe(renderCommandTable());
  });

  test('department-party commands name the department in their input, and department users act in their own name only', () => {
    const ywc = person('department', 'YWC');
    const petition = { leadDepartment: 'YWC', cooperatingDepartments: ['XNK'] };
    for (const command of commandList) {
      const shape = command.input.shape as Record<string, unknown>;
      if (command.party === 'department') {
        expect(shape).toHaveProperty('department');
        if (command.roles.includes('department')) {
          expect(commandRefusal(ywc, command.key, { department: 'YWC' }, petition)).toBeUndefined();
          expect(commandRefusal(ywc, command.key, { department: 'XNK' }, petition)).toContain('本部门');
        }
      } else {
        expect(command.roles).not.toContain('department');
      }
    }
  });

  test('bad input is refused with a Chinese reason naming the field', () => {
    const cases: Array<[CommandKey, object, string]> = [
      ['returnCase', { department: 'YWC' }, '退回理由'],
      ['requestExtension', { department: 'YWC', days: 0, reason: '需调取记录' }, '延长天数'],
      ['reply', { department: 'YWC', investigation: '查', findings: '实', opinion: '改', result: ' ' }, '处理结果'],
      ['assign', { leadDepartment: 'ywc' }, '牵头部门'],
      ['decline', { reason: '不属于', redirectTo: 'x'.repeat(1001) }, '告知其向何处反映'],
      // A date that does not exist is a 400 naming the field, never a crash in the workflow's validator.
      ['recordAcceptanceNoticeDelivery', { deliveryMethod: 'post', deliveredOn: '2026-02-30' }, '寄出或送达日期不是有效日期'],
      ['feedback', { satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: '2026-13-01' }, '送达日期不是有效日期'],
    ];
    for (const [key, body, label] of cases) {
      const parsed = parseCommandInput(key, body);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.message).join(' ')).toContain(label);
    }
    expect(parseCommandInput('accept', { extra: 1 }).success).toBe(false);
    expect(parseCommandInput('returnCase', { department: 'YWC', reason: '不属于本部门' }).success).toBe(true);
  });

  test('every entry that stores free text says which document kind, and stores nothing else in the update', () => {
    const samples: Record<CommandKey, Record<string, unknown>> = {
      accept: {},
      decline: { reason: '不属于本院', redirectTo: '卫健委' },
      assign: { leadDepartment: 'YWC' },
      acknowledge: { department: 'YWC' },
      reply: { department: 'YWC', investigation: '查', findings: '实', opinion: '改', result: '已改' },
      requestExtension: { department: 'YWC', days: 10, reason: '需调取记录' },
      decideExtension: { approve: true, note: '同意' },
      returnCase: { department: 'YWC', reason: '不属于本部门' },
      approveReply: { investigation: '查', findings: '实', opinion: '改', result: '已改' },
      returnReply: { note: '请补充调查经过' },
      feedback: { satisfaction: 'satisfied', deliveryMethod: 'post', deliveredOn: '2026-12-01', note: '满意' },
      pauseClock: { ground: 'supplementaryMaterials', reason: '补充材料' },
      reopen: { evidence: '新的检查报告' },
      resumeClock: {},
      requestReview: { reason: '不服' },
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
    for (const command of commandList) {
      const parsed = parseCommandInput(command.key, samples[command.key]);
      expect(parsed.success).toBe(true);
      const text = command.document?.text(parsed.data!);
      const args = command.toUpdate(parsed.data!, { actor: 'staff:x', documentId: text ? 'doc-1' : undefined }) as Record<string, unknown>;
      expect(args.actor).toBe('staff:x');
      // Free text never reaches the Update (history): only codes, numbers and the document's id.
      const freeText = Object.values(samples[command.key]).filter((v) => typeof v === 'string' && /[\u4e00-\u9fff]/.test(v));
      for (const value of freeText) expect(JSON.stringify(args)).not.toContain(value as string);
      if (text) expect(args.documentId).toBe('doc-1');
    }
  });
});

describe('console forms derive from the catalog', () => {
  const ownRules = loadPolicy('hospital-example');
  const departments = [{ code: 'YWC', name: '医务处' }, { code: 'XNK', name: '心内科' }];
  const states: Array<[PetitionStatus, Partial<PetitionState>]> = [
    ['registered', {}],
    ['registered', { clockPaused: { at: '2026-01-01T00:00:00Z', actor: 'staff:x', documentId: 'd' } }],
    ['accepted', {}],
    ['assigned', {}],
    ['assigned', { pendingExtension: { department: 'YWC', days: 5, documentId: 'd', requestedAt: '2026-01-01T00:00:00Z', actor: 'dept:YWC' } }],
    ['replied', {}],
    ['replied', { replyReview: { status: 'pending', replyDocumentId: 'd', returns: 0 } }],
    ['accepted', {
      acceptedAt: '2026-01-01T02:00:00Z',
      acceptanceNotice: { noEmailAt: '2026-01-01T02:00:01Z' },
      deadlines: [{ id: 'acceptanceNotice', kind: 'acceptanceNotice', status: 'open', dueAt: '2026-01-15T16:00:00Z' } as never],
    }],
    ['fed_back', {}],
    // A review pending with the authority above: before its receipt is recorded, and during a 听证.
    ['fed_back', { reviews: [{ stage: 'recheck', requestedAt: '2026-01-01T00:00:00Z', documentId: 'd', addressedTo: 'authority' }] }],
    ['fed_back', { reviews: [{ stage: 'recheck', requestedAt: '2026-01-01T00:00:00Z', documentId: 'd', addressedTo: 'authority', authorityReceivedOn: '2026-01-02', hearing: { since: '2026-01-03T00:00:00Z', documentId: 'h' } }] }],
    ['fed_back', { reviews: [{ stage: 'recheck', requestedAt: '2026-01-01T00:00:00Z', documentId: 'd', addressedTo: 'authority', authorityReceivedOn: '2026-01-02' }] }],
    ['declined', {}],
  ];

  function render(role: Role) {
    const offered = new Map<string, string>();
    for (const [status, extra] of states) {
      const state = { status, timeline: [], cooperatingDepartments: [], ...extra } as unknown as PetitionState;
      const forms = actionForms({
        principal: person(role, role === 'department' ? 'YWC' : null),
        status,
        state,
        petition: { number: 'XF-2026-000001', leadDepartment: 'YWC', cooperatingDepartments: [], cause: null },
        departments,
        csrfToken: 'token',
        allowed: (key) => rolesForCommand(key).includes(role),
        pauseGrounds: ownRules.pausing!.grounds,
        reopensOnNewEvidence: true,
      });
      for (const form of forms) offered.set(/data-command="([^"]+)"/.exec(form.value)![1], form.value);
    }
    return offered;
  }

  test('each form posts to its command\'s slug, is headed by its label and has only fields its input takes', () => {
    // The administrator sees every form but 中止计时, which the ground's approver (here a leader) enters.
    const offered = new Map([...render('admin'), ...render('leader')]);
    expect(render('admin').has('pauseClock')).toBe(false);
    const consoleKeys = (Object.keys(consoleForms) as CommandKey[]).filter((key) => consoleForms[key] !== null);
    expect([...offered.keys()].sort()).toEqual([...consoleKeys].sort());
    for (const [key, markup] of offered) {
      expect(isCommandKey(key)).toBe(true);
      const command = commands[key as CommandKey];
      expect(markup).toContain(`action="/console/petitions/XF-2026-000001/${command.slug}"`);
      expect(markup).toContain(`<h3>${command.label}</h3>`);
      const shape = command.input.shape as Record<string, unknown>;
      const names = [...markup.matchAll(/name="([^"]+)"/g)].map((m) => m[1]).filter((name) => !name.startsWith('submit-'));
      for (const name of names) expect(formOnlyFields.has(name) || name in shape).toBe(true);
    }
  });

  test('a person sees only the forms of commands their role may run', () => {
    for (const role of ['intake', 'department', 'leader', 'president'] as Role[]) {
      for (const key of render(role).keys()) expect(commands[key as CommandKey].roles).toContain(role);
    }
  });

  test('form strings become the types the input schemas take', () => {
    expect(formFieldKinds.get('cooperatingDepartments')).toBe('list');
    expect(formFieldKinds.get('days')).toBe('number');
    expect(formFieldKinds.get('approve')).toBe('boolean');
    expect(formFieldKinds.get('dueAt')).toBe('instant');
    expect(commandBodyFromForm({ department: 'YWC', days: '7', reason: ' 需调取记录 ' })).toEqual({ department: 'YWC', days: 7, reason: '需调取记录' });
    expect(parseCommandInput('assign', commandBodyFromForm({ _csrf: 't', leadDepartment: 'YWC', cooperatingDepartments: '', dueAt: '2026-03-01' })).success).toBe(true);
  });
});

describe('link forms derive from the catalog', () => {
  test('the link actions are the token purposes besides the page itself', () => {
    expect([...linkActions].sort()).toEqual(linkPurposes.filter((p) => p !== 'handle').sort());
    for (const action of linkActions) expect(commands[action].link).toBeDefined();
  });

  test('every form on the link pages posts to a link action with only the fields its link form reads', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const department = departmentPage({
      hospitalName: '示例医院', number: 'XF-2026-000001', departmentName: '医务处', role: 'lead', category: '医疗质量', channel: '来信',
      matter: '事项', complainedAbout: [], statusLabel: '已交办', now, dueAt: new Date('2026-03-20T16:00:00Z'),
      forms: { acknowledge: 't1', reply: 't2', requestExtension: 't3', returnCase: 't4' },
    });
    const leader = leaderPage({ hospitalName: '示例医院', number: 'XF-2026-000001', leaderName: '李院长', departmentName: '医务处', category: '医疗质量', matter: '事项', days: 5, reason: '理由', now, formToken: 't5' });
    const authority = authorityPage({
      hospitalName: '示例医院', number: 'XF-2026-000001', authorityName: '示例市卫生健康委员会', stageTitle: '复查', category: '医疗质量',
      matter: '事项', opinion: '意见', result: '结果', request: '请求复查', now, answered: false,
      forms: { recordReviewReceipt: 't6', answerReview: 't7' },
    });
    const posted = new Set<string>();
    for (const markup of [department, leader, authority]) {
      for (const match of markup.matchAll(/<form method="post" action="\/links\/[^/"]+\/([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
        const [, action, body] = match;
        expect(isLinkAction(action)).toBe(true);
        posted.add(action);
        const shape = commands[action as CommandKey].link!.form.shape as Record<string, unknown>;
        const names = [...body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]).filter((name) => name !== 'token');
        for (const name of names) expect({ action, name, known: name in shape }).toEqual({ action, name, known: true });
        for (const name of Object.keys(shape)) expect({ action, name, onPage: names.includes(name) }).toEqual({ action, name, onPage: true });
      }
    }
    expect([...posted].sort()).toEqual([...linkActions].sort());
  });

  test('a valid link form becomes a valid command input once the token names the department', () => {
    const forms: Record<string, Record<string, string>> = {
      acknowledge: {},
      reply: { investigation: '查', findings: '实', opinion: '改', result: '已改' },
      requestExtension: { days: '10', reason: '需调取记录' },
      returnCase: { reason: '不属于本部门' },
      decideExtension: { decision: 'refuse', note: '' },
      recordReviewReceipt: { receivedOn: '2026-03-01' },
      answerReview: { opinion: '维持原处理意见' },
    };
    for (const action of linkActions) {
      const command = commands[action];
      const input = command.link!.toInput(command.link!.form.parse(forms[action]));
      const body = command.party === 'department' ? { department: 'YWC', ...input } : input;
      expect(parseCommandInput(action, body).success).toBe(true);
    }
    const bad = commands.requestExtension.link!.form.safeParse({ days: '0', reason: '' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual(expect.arrayContaining(['延长天数至少为1天', '请填写延期理由']));
  });
});
