import PDFDocument from 'pdfkit';
import type { PrismaClient } from '../../generated/prisma/client';
import { expectedReplyBy, pinnedPolicy, reviewRightsText } from '../../activities/policy-text';
import type { ReviewingAuthority } from '../../workflows/domain/authority-review';
import { renderAcceptanceNotice, renderReplyLetter } from '../../activities/mail/templates';
import { petitionerLetter } from '../petitions/petitioner-letter';
import { findCjkFont, type CjkFontSettings } from './fonts';

/**
 * The acceptance notice and the written reply as printable PDFs. The wording is the mail templates' own, so the
 * letter on paper and the one in the mailbox never differ.
 */
export type LetterKind = 'acceptance-notice' | 'reply-letter';

export class LetterNotAvailable extends Error {}

function textField(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : '';
}

/**
 * The reply date the workflow counted on the petition's pinned calendar when it accepted (the `accepted` event's
 * `expectedReplyBy`), so the printed notice names the date the mailed one did; older events without it are counted
 * again from the policy.
 */
function keptReplyBy(payload: unknown): Date | undefined {
  const kept = textField(payload, 'expectedReplyBy');
  const ms = kept ? Date.parse(kept) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export async function letterText(
  prisma: PrismaClient,
  number: string,
  kind: LetterKind,
  context: { hospitalName: string; publicBaseUrl: string; reviewAuthorities?: readonly ReviewingAuthority[] },
): Promise<string> {
  const petition = await prisma.petition.findUnique({ where: { number }, include: { petitioner: true } });
  if (!petition) throw new LetterNotAvailable(`未找到信访事项 ${number}`);
  const petitionerName = petition.anonymous ? undefined : petition.petitioner?.name ?? undefined;
  if (kind === 'acceptance-notice') {
    const accepted = await prisma.petitionEvent.findFirst({ where: { petitionId: petition.id, type: 'accepted' } });
    if (!accepted) throw new LetterNotAvailable('该信访事项尚未受理，没有受理告知书');
    const policy = await pinnedPolicy(prisma, petition);
    return renderAcceptanceNotice({
      number: petition.number,
      petitionerName,
      receivedAt: petition.receivedAt,
      acceptedAt: accepted.occurredAt,
      expectedReplyBy: keptReplyBy(accepted.payload) ?? expectedReplyBy(policy, accepted.occurredAt),
      policyTitle: policy.title,
      queryCode: petition.queryCode,
      lookupUrl: `${context.publicBaseUrl}/lookup`,
      hospitalName: context.hospitalName,
    }).text;
  }
  // Only the text the 信访办 approved is printed (see petitioner-letter.ts), never the department's draft.
  const reply = await petitionerLetter(prisma, petition.id);
  if (!reply) throw new LetterNotAvailable('处理意见书尚未经信访办审核通过，暂无可打印的处理意见书');
  const department = petition.leadDepartment ? await prisma.department.findUnique({ where: { code: petition.leadDepartment } }) : null;
  return renderReplyLetter({
    number: petition.number,
    petitionerName,
    investigation: textField(reply.body, 'investigation'),
    findings: textField(reply.body, 'findings'),
    opinion: textField(reply.body, 'opinion'),
    result: textField(reply.body, 'result'),
    departmentName: department?.name ?? petition.leadDepartment ?? '',
    repliedAt: reply.issuedAt,
    // The right to 复查: the period and the authority, as the mailed letter says.
    reviewRightsText: reviewRightsText(await pinnedPolicy(prisma, petition), context.reviewAuthorities),
    hospitalName: context.hospitalName,
  }).text;
}

/** Typesets a letter's text: the first line is the title, the last two lines (hospital, date) are signed right. */
export function letterPdf(text: string, fontSettings: CjkFontSettings = {}): Promise<Buffer> {
  const font = findCjkFont(fontSettings);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: text.split('\n')[0] } });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const lines = text.trimEnd().split('\n');
  const [title, ...rest] = lines;
  doc.fontSize(20).text(title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(1);
  const signature = rest.slice(-2);
  const body = rest.slice(0, -2);
  doc.fontSize(12);
  for (const line of body) {
    if (line.startsWith('编号：')) doc.text(line, { align: 'right' });
    else doc.text(line || ' ', { lineGap: 6 });
  }
  doc.moveDown(2);
  for (const line of signature) doc.text(line, { align: 'right', lineGap: 6 });
  doc.end();
  return done;
}
