/**
 * The one mail the leadership gets about a 台账 import (never one per imported row): how many rows came in, how many
 * are still open, and which open ones were already past their acceptance limit on arrival (now supervised items).
 * Numbers only, no petitioner data. Sent once per import: the AuditLog row 'ledger-import-summary' records it.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { escapeHtml } from './mail/escape-html';
import { formatShanghaiDateTime } from './mail/format-date';
import type { Mailer } from './mail/mailer';
import type { NoticeSettings } from './settings';
import { alertReasonLabel } from '../workflows/domain/alerts';
import type { LedgerImportActivities, LedgerRowState, LedgerSummaryOutcome, LedgerSummaryRequest } from '../workflows/activity-contracts/ledger-import-summary';

export const LEDGER_SUMMARY_ACTION = 'ledger-import-summary';
/** Listed by number in the mail; beyond this the mail says how many more and points to the console. */
const LISTED = 200;

/** The open rows that alert the leadership, each with its reasons (one mail for all of them, never one each). */
function alertLines(request: LedgerSummaryRequest): string[] {
  const alerted = request.created.filter((c) => c.state === 'open' && (c.alerts?.length ?? 0) > 0);
  if (alerted.length === 0) return [];
  return [
    `在办事项中 ${alerted.length} 件属重要信访，请院领导关注（不再逐件发送提醒）：`,
    ...alerted.slice(0, LISTED).map((c) => `  ${c.number}：${c.alerts!.map(alertReasonLabel).join('、')}`),
    ...(alerted.length > LISTED ? [`  …另有 ${alerted.length - LISTED} 件，见督办页`] : []),
  ];
}

export function renderLedgerSummary(
  request: LedgerSummaryRequest,
  overdue: Array<{ number: string; externalNumber: string | null }>,
  settings: NoticeSettings,
): { subject: string; text: string; html: string } {
  const count = (state: LedgerRowState) => request.counts?.[state] ?? request.created.filter((c) => c.state === state).length;
  const total = count('finished') + count('declined') + count('open');
  const subject = `台账导入汇总：${total} 件，其中在办 ${count('open')} 件、已超期 ${overdue.length} 件`;
  const lines = [
    `${settings.hospitalName} 信访台账导入汇总`,
    `导入时间：${formatShanghaiDateTime(new Date(request.at))}；操作人：${request.actor}；导入批次：${request.importId}`,
    `共导入 ${total} 件：已办结 ${count('finished')} 件，不予受理 ${count('declined')} 件，在办 ${count('open')} 件。`,
    overdue.length > 0
      ? `在办事项中 ${overdue.length} 件导入时已超过受理期限，已列入督办：`
      : '在办事项均未超过受理期限。',
    ...overdue.slice(0, LISTED).map((o) => `  ${o.number}${o.externalNumber ? `（医院登记号 ${o.externalNumber}）` : ''}`),
    ...(overdue.length > LISTED ? [`  …另有 ${overdue.length - LISTED} 件，见督办页`] : []),
    ...alertLines(request),
    `督办页：${settings.publicBaseUrl}/console/supervision`,
  ];
  const html = `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
  return { subject, text: lines.join('\n'), html };
}

export function createLedgerImportActivities({ prisma, mailer, settings }: { prisma: PrismaClient; mailer: Mailer; settings: NoticeSettings }): LedgerImportActivities {
  async function sendLedgerImportSummary(request: LedgerSummaryRequest): Promise<LedgerSummaryOutcome> {
    const overdueNumbers = request.created.filter((c) => c.state === 'open' && c.overdue).map((c) => c.number);
    const [leaders, overdue, sent] = await Promise.all([
      prisma.staffMember.findMany({ where: { role: { in: ['leader', 'president'] }, active: true }, select: { email: true }, orderBy: { id: 'asc' } }),
      prisma.petition.findMany({ where: { number: { in: overdueNumbers } }, select: { number: true, externalNumber: true }, orderBy: { number: 'asc' } }),
      prisma.auditLog.findFirst({ where: { action: LEDGER_SUMMARY_ACTION, detail: { contains: request.importId } } }),
    ]);
    const recipients = [...new Set(leaders.map((l) => l.email))];
    if (sent) return { outcome: 'already-sent', recipients, overdue: overdue.length };
    if (recipients.length === 0) return { outcome: 'no-recipient', recipients, overdue: overdue.length };
    const mail = renderLedgerSummary(request, overdue, settings);
    await mailer.send({ to: recipients.join(', '), ...mail, idempotencyKey: `${LEDGER_SUMMARY_ACTION}:${request.importId}` });
    await prisma.auditLog.create({
      data: { actor: 'system', action: LEDGER_SUMMARY_ACTION, outcome: 'sent', detail: JSON.stringify({ importId: request.importId, recipients, overdue: overdue.length }) },
    });
    return { outcome: 'sent', recipients, overdue: overdue.length };
  }
  return { sendLedgerImportSummary };
}
