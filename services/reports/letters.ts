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

// ---- Typesetting: one A4 page when the letter allows, the signature block never alone ----

/** A4 in points, with the margins of an official letter. */
const PAGE = { width: 595.28, height: 841.89, top: 56, bottom: 56, left: 68, right: 68 } as const;
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const PAGE_BOTTOM = PAGE.height - PAGE.bottom;
const TITLE_SIZE = 20;
/**
 * The body's font size and extra line spacing, tried in turn (小四 12pt down to 五号 10.5pt, then 10pt): the first
 * that puts the whole letter on one page wins. The CJK face's own line height is already about 1.45 of its size.
 */
const BODY_SIZES = [
  { size: 12, lineGap: 3 },
  { size: 11.5, lineGap: 2 },
  { size: 11, lineGap: 1.5 },
  { size: 10.5, lineGap: 1 },
  { size: 10, lineGap: 0.5 },
] as const;
/** Height kept for the seal (盖章) over the hospital's name and the date: about 3 cm. */
const SEAL_HEIGHT = 84;
export const SEAL_MARK = '（盖章）';

interface LetterLayout {
  title: string;
  /** The letter's parts between the title and the signature (number, salutation, paragraphs, sections, closing). */
  blocks: string[][];
  /** The hospital's name and the date (renderLetter's last part). */
  signature: string[];
}

/** The text as renderLetter writes it: the title line, then parts separated by blank lines, the signature last. */
export function letterLayout(text: string): LetterLayout {
  const [title, ...rest] = text.trimEnd().split('\n');
  const parts = rest.join('\n').split(/\n\s*\n/).map((part) => part.split('\n')).filter((lines) => lines.some((line) => line.trim() !== ''));
  const signature = parts.pop() ?? [];
  return { title, blocks: parts, signature };
}

interface Metrics {
  size: number;
  lineGap: number;
  /** Space after each part. */
  blockGap: number;
}

function metricsFor({ size, lineGap }: { size: number; lineGap: number }): Metrics {
  return { size, lineGap, blockGap: Math.round(size * 0.4 * 10) / 10 };
}

function isNumberLine(lines: string[]): boolean {
  return lines.length === 1 && lines[0].startsWith('编号：');
}

function blockHeight(doc: PDFKit.PDFDocument, lines: string[], m: Metrics): number {
  doc.fontSize(m.size);
  return doc.heightOfString(lines.join('\n'), { width: CONTENT_WIDTH, lineGap: m.lineGap }) + m.blockGap;
}

function titleHeight(doc: PDFKit.PDFDocument, title: string): number {
  doc.fontSize(TITLE_SIZE);
  return doc.heightOfString(title, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 4 }) + TITLE_SIZE * 0.8;
}

/** The signature block: a gap, then the hospital's name, the seal's place and the date, at least SEAL_HEIGHT tall. */
function signatureHeight(doc: PDFKit.PDFDocument, signature: string[], m: Metrics): number {
  doc.fontSize(m.size);
  const lines = doc.currentLineHeight(true) * (signature.length + 1) + m.lineGap * signature.length;
  return m.size + Math.max(SEAL_HEIGHT, lines);
}

function drawBlock(doc: PDFKit.PDFDocument, lines: string[], m: Metrics): void {
  doc.fontSize(m.size);
  const oneLine = doc.currentLineHeight(true) + m.lineGap;
  // A heading or first line is never left alone at the foot of a page.
  if (lines.length > 1 && doc.y + 2 * oneLine > PAGE_BOTTOM) doc.addPage();
  doc.text(lines.map((line) => line || ' ').join('\n'), PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: m.lineGap, align: isNumberLine(lines) ? 'right' : 'left' });
  doc.y += m.blockGap;
}

function drawSignature(doc: PDFKit.PDFDocument, signature: string[], m: Metrics): void {
  doc.fontSize(m.size);
  const top = doc.y + m.size;
  const height = signatureHeight(doc, signature, m) - m.size;
  const lineHeight = doc.currentLineHeight(true);
  const [name, ...rest] = signature;
  const options = { width: CONTENT_WIDTH, align: 'right' as const, lineBreak: false };
  doc.text(name ?? '', PAGE.left, top, options);
  // The seal is stamped over the name and the date (骑年盖月); its place is marked between them.
  doc.fillColor('#888888').text(SEAL_MARK, PAGE.left, top + (height - lineHeight) / 2, options).fillColor('black');
  rest.forEach((line, index) => doc.text(line, PAGE.left, top + height - (rest.length - index) * (lineHeight + m.lineGap) + m.lineGap, options));
  doc.y = top + height;
}

/**
 * The parts as they are typeset: a last part too long to go over with the signature onto a fresh page gives up its
 * last line, which then goes with the signature.
 */
function keepable(doc: PDFKit.PDFDocument, blocks: string[][], signature: string[], m: Metrics, available: number): string[][] {
  const last = blocks.at(-1);
  if (!last || last.length < 2 || blockHeight(doc, last, m) + signatureHeight(doc, signature, m) <= available) return blocks;
  return [...blocks.slice(0, -1), last.slice(0, -1), last.slice(-1)];
}

/** A closing formula (特此答复。, 特此告知。): one short line, kept with the paragraph before it. */
function isClosingFormula(lines: string[]): boolean {
  return lines.length === 1 && lines[0].trim().length <= 12;
}

/** Where the part that goes with the signature begins: the last paragraph, with the closing formula after it. */
function tailStartOf(doc: PDFKit.PDFDocument, parts: string[][], signature: string[], m: Metrics, available: number): number {
  const last = parts.length - 1;
  if (last < 1 || !isClosingFormula(parts[last])) return Math.max(last, 0);
  const both = blockHeight(doc, parts[last - 1], m) + blockHeight(doc, parts[last], m) + signatureHeight(doc, signature, m);
  return both <= available ? last - 1 : last;
}

/**
 * Typesets a letter's text: the title centred, the number right, the parts in order, then the signature block (the
 * hospital's name, the seal's place, the date) on the right. The body's size is the largest of BODY_SIZES that puts
 * the whole letter on one A4 page; a letter too long for one page keeps the signature block with its last part, so
 * the signature and date never stand alone on a page.
 */
export function letterPdf(text: string, fontSettings: CjkFontSettings = {}): Promise<Buffer> {
  const font = findCjkFont(fontSettings);
  const { title, blocks, signature } = letterLayout(text);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    info: { Title: title },
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const available = PAGE_BOTTOM - PAGE.top;
  const heightAt = (m: Metrics) => titleHeight(doc, title) + blocks.reduce((sum, lines) => sum + blockHeight(doc, lines, m), 0) + signatureHeight(doc, signature, m);
  const m = metricsFor(BODY_SIZES.find((body) => heightAt(metricsFor(body)) <= available) ?? BODY_SIZES[0]);

  const parts = keepable(doc, blocks, signature, m, available);
  const tailStart = tailStartOf(doc, parts, signature, m, available);
  doc.fontSize(TITLE_SIZE).text(title, PAGE.left, PAGE.top, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 4 });
  doc.y += TITLE_SIZE * 0.8;
  parts.forEach((lines, index) => {
    if (index === tailStart) {
      // The last paragraph (with a closing formula after it) and the signature go together: on this page when they
      // fit, else all on the next.
      const tail = parts.slice(tailStart).reduce((sum, part) => sum + blockHeight(doc, part, m), 0) + signatureHeight(doc, signature, m);
      if (doc.y + tail > PAGE_BOTTOM) doc.addPage();
    }
    drawBlock(doc, lines, m);
  });
  drawSignature(doc, signature, m);
  doc.end();
  return done;
}
