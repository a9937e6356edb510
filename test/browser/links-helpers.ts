import type { CaughtMessage } from '../../services/mail/catcher';
import { petitionWorkflowId } from '../../workflows/ids';
import { petitionStateQuery } from '../../workflows/petition/messages';
import type { TestSystem } from '../support/system';

/** Shared by the link tests (browser and plain HTTP): a petition assigned through the API and its mailed links. */

export const petitioner = { name: '欧阳秀英', phone: '13912345678', email: 'ouyang.xiuying@example.cn', relationToPatient: '本人' };

export interface AssignedPetition {
  number: string;
  petitionId: string;
  slip: CaughtMessage;
  /** The slip's 办理入口, on this test system's own address. */
  pageUrl: string;
}

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'web',
    category: 'medical_quality',
    anonymous: false,
    petitioner: { ...petitioner, consentToDisclose: false },
    peopleCount: 1,
    content: '门诊候诊时间过长，医生问诊不足三分钟，要求医院核实并答复。',
    complainedAbout: ['门诊 内科医生'],
    ...overrides,
  };
}

/** Mail links name the public base URL; tests reach the same path on the port the system listens on. */
export function onTestSystem(system: TestSystem, url: string): string {
  const parsed = new URL(url);
  return `${system.apiUrl}${parsed.pathname}${parsed.search}`;
}

export function linkIn(mail: CaughtMessage, label: string): string {
  const match = new RegExp(`${label}：(\\S+)`).exec(mail.text);
  if (!match) throw new Error(`no ${label} link in mail "${mail.subject}"`);
  return match[1];
}

export async function registerAcceptAssign(
  system: TestSystem,
  options: { overrides?: Record<string, unknown>; lead?: string; cooperating?: string[] } = {},
): Promise<AssignedPetition> {
  const created = await system.api('/api/petitions', { body: registration(options.overrides) });
  if (created.status !== 201) throw new Error(`registration failed: ${JSON.stringify(created.body)}`);
  const number: string = created.body.number;
  expectStatus(await system.api(`/api/petitions/${number}/accept`, { body: {} }), 200);
  const lead = options.lead ?? 'YWC';
  expectStatus(await system.api(`/api/petitions/${number}/assign`, { body: { leadDepartment: lead, cooperatingDepartments: options.cooperating ?? [] } }), 200);
  const department = await system.prisma.department.findUniqueOrThrow({ where: { code: lead } });
  const slip = await system.catcher!.waitFor((m) => m.to.includes(department.email) && m.subject.includes(number), 20_000);
  const petition = await system.prisma.petition.findUniqueOrThrow({ where: { number } });
  return { number, petitionId: petition.id, slip, pageUrl: onTestSystem(system, linkIn(slip, '办理入口')) };
}

function expectStatus(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
}

export async function petitionState(system: TestSystem, number: string) {
  return system.temporal.workflow.getHandle(petitionWorkflowId(number)).query(petitionStateQuery);
}

/** The department's and leader's mails and pages must not name the petitioner without consent. */
export function mentionsPetitioner(text: string): string[] {
  return [petitioner.name, petitioner.phone, petitioner.email].filter((value) => text.includes(value));
}

