/**
 * The case-level 台账 sheet of the Excel export: one row per petition in exactly the columns the import reads
 * (columns.ts), with the labels staff write, so export → import round-trips (the 登记号 column carries the hospital's
 * own number where there is one, else the system's; the import recognises both as already present).
 */
import ExcelJS from 'exceljs';
import type { PrismaClient } from '../../generated/prisma/client';
import { categories, channels, isCategory, isChannel, satisfactionLevels, type Satisfaction } from '../../workflows/domain/catalog';
import { finishedAt } from '../../workflows/domain/closure';
import { describeInstant, shanghaiDate } from '../../workflows/domain/shanghai';
import type { ReportRange } from '../reports/report';
import { addDeadlineSheet } from '../reports/deadline-sheet';
import { loadDeadlineSheetRows } from '../reports/report-rows';
import { causes, departmentKinds, isCause } from '../reports/vocabulary';
import { ledgerFieldKeys, ledgerFields, type LedgerField } from './columns';

export type LedgerSheetRow = Record<LedgerField, string | number>;

const payloadOf = (payload: unknown) => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

/**
 * `identity` says whose name and phone the sheet may show (保守信访秘密): a 信访办 viewer sees them all, anyone else only
 * those of petitioners who consented to disclosure (services/auth/petition-access.ts seesPetitionerIdentity).
 */
export async function ledgerSheetRows(
  prisma: PrismaClient,
  range: ReportRange = {},
  identity: (petition: { anonymous: boolean; petitioner: { consentToDisclose: boolean } | null }) => boolean = () => false,
): Promise<LedgerSheetRow[]> {
  const [petitions, departments] = await Promise.all([
    prisma.petition.findMany({
      where: { receivedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } },
      select: {
        number: true, externalNumber: true, receivedAt: true, channel: true, category: true, anonymous: true, peopleCount: true, content: true,
        complainedAbout: true, leadDepartment: true, cause: true, status: true,
        petitioner: { select: { name: true, phone: true, consentToDisclose: true } },
        events: { where: { type: { in: ['accepted', 'declined', 'fed_back', 'archived'] } }, select: { type: true, occurredAt: true, payload: true } },
        documents: { where: { kind: 'ledger_import' }, select: { body: true }, take: 1 },
      },
      orderBy: [{ receivedAt: 'asc' }, { number: 'asc' }],
    }),
    prisma.department.findMany({ select: { code: true, name: true, kind: true } }),
  ]);
  const byCode = new Map(departments.map((d) => [d.code, d]));
  const byName = new Map(departments.map((d) => [d.name, d]));
  return petitions.map((p) => {
    const at = (type: string) => p.events.find((e) => e.type === type)?.occurredAt;
    const finished = finishedAt({ acceptedAt: at('accepted'), fedBackAt: at('fed_back'), archivedAt: at('archived') });
    const declined = at('declined');
    const complained = Array.isArray(p.complainedAbout) ? p.complainedAbout.filter((c): c is string => typeof c === 'string') : [];
    const department = (p.leadDepartment ? byCode.get(p.leadDepartment) : undefined) ?? complained.map((name) => byName.get(name)).find(Boolean);
    const doc = payloadOf(p.documents[0]?.body);
    const satisfaction = payloadOf(p.events.find((e) => e.type === 'fed_back')?.payload).satisfaction;
    const outcome = typeof doc.outcome === 'string' ? doc.outcome : declined ? '不予受理' : finished ? '已办结' : '';
    const endedAt = finished ?? declined ?? null;
    return {
      registerNumber: p.externalNumber ?? p.number,
      receivedAt: describeInstant(p.receivedAt.getTime()),
      channel: isChannel(p.channel) ? channels[p.channel] : p.channel,
      petitionerName: p.anonymous || !identity(p) ? '' : p.petitioner?.name ?? '',
      phone: p.anonymous || !identity(p) ? '' : p.petitioner?.phone ?? '',
      peopleCount: p.peopleCount,
      content: p.content,
      category: isCategory(p.category) ? categories[p.category].label : p.category,
      department: department?.name ?? '',
      departmentKind: department ? departmentKinds[department.kind as keyof typeof departmentKinds] ?? '' : '',
      cause: p.cause && isCause(p.cause) ? causes[p.cause] : '',
      outcome: declined && !/不予受理|不受理/.test(outcome) ? `不予受理：${outcome}` : outcome,
      finishedAt: endedAt ? shanghaiDate(endedAt.getTime()) : '',
      satisfaction: finished && typeof satisfaction === 'string' && satisfaction !== 'unknown' && satisfaction in satisfactionLevels ? satisfactionLevels[satisfaction as Satisfaction] : '',
      note: typeof doc.note === 'string' ? doc.note : '',
    };
  });
}

/** Adds the sheet 台账 (the import reads the sheet of that name first). */
export function addLedgerSheet(workbook: ExcelJS.Workbook, rows: LedgerSheetRow[]): void {
  const sheet = workbook.addWorksheet('台账');
  sheet.columns = ledgerFieldKeys.map((key) => ({ header: ledgerFields[key].label, key, width: key === 'content' || key === 'outcome' ? 40 : 14 }));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
}

/** The 台账 export: the 台账 sheet (re-importable) and the 办理期限 sheet (the import reads only 台账). */
export async function ledgerWorkbook(prisma: PrismaClient, range: ReportRange, hospitalName: string, identity?: Parameters<typeof ledgerSheetRows>[2]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = hospitalName;
  addLedgerSheet(workbook, await ledgerSheetRows(prisma, range, identity));
  addDeadlineSheet(workbook, await loadDeadlineSheetRows(prisma, range, new Date()));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
