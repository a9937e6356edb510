import { escapeHtml, escapeHtmlMultiline, isSafeHttpUrl } from '../escape-html';
import { formatShanghaiDate } from '../format-date';

/**
 * The shared shape of every notice: a titled, numbered letter with blocks, signed by the hospital.
 * Templates hand over plain strings only and all HTML escaping happens here, so no template can forget it.
 */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type LetterBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'fields'; rows: Array<[label: string, value: string]> }
  | { kind: 'section'; heading: string; body: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'notice'; text: string };

export interface Letter {
  title: string;
  number: string;
  salutation?: string;
  blocks: LetterBlock[];
  closing?: string;
  hospitalName: string;
  /** Omitted when the caller has no date of issue: templates stay pure and never read the clock. */
  signedAt?: Date;
}

const PARAGRAPH_INDENT = '\u3000\u3000';

/** Subjects go into a mail header: a line break there would let content forge headers. */
export function singleLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

/** Policy names are cited in book-title marks; callers may or may not have included them already. */
export function bookTitle(title: string): string {
  const bare = title.trim().replace(/^《/, '').replace(/》$/, '');
  return `《${bare}》`;
}

function indentLines(text: string, prefix: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => prefix + line)
    .join('\n');
}

function blockAsText(block: LetterBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return indentLines(block.text, PARAGRAPH_INDENT);
    case 'fields':
      return block.rows.map(([label, value]) => `${label}：${value}`).join('\n');
    case 'section':
      return `${block.heading}\n${indentLines(block.body, PARAGRAPH_INDENT)}`;
    case 'link':
      return `${block.label}：${block.url}`;
    case 'notice':
      return `【${block.text}】`;
  }
}

const STYLE = {
  body: 'font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;font-size:16px;line-height:1.8;color:#222;max-width:720px;margin:0 auto;padding:24px;',
  title: 'text-align:center;font-size:22px;font-weight:bold;letter-spacing:4px;margin:0 0 8px;',
  number: 'text-align:right;margin:0 0 16px;',
  paragraph: 'text-indent:2em;margin:8px 0;',
  table: 'border-collapse:collapse;width:100%;margin:12px 0;',
  labelCell: 'border:1px solid #999;padding:6px 10px;background:#f4f4f4;white-space:nowrap;width:8em;vertical-align:top;',
  valueCell: 'border:1px solid #999;padding:6px 10px;vertical-align:top;',
  heading: 'font-weight:bold;margin:16px 0 4px;',
  notice: 'border:1px solid #c00;color:#900;padding:8px 12px;margin:12px 0;',
  signature: 'text-align:right;margin-top:32px;',
};

function blockAsHtml(block: LetterBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${STYLE.paragraph}">${escapeHtmlMultiline(block.text)}</p>`;
    case 'fields': {
      const rows = block.rows
        .map(
          ([label, value]) =>
            `<tr><th style="${STYLE.labelCell}" align="left">${escapeHtml(label)}</th>` +
            `<td style="${STYLE.valueCell}">${escapeHtmlMultiline(value)}</td></tr>`,
        )
        .join('\n');
      return `<table style="${STYLE.table}">\n${rows}\n</table>`;
    }
    case 'section':
      return (
        `<p style="${STYLE.heading}">${escapeHtml(block.heading)}</p>\n` +
        `<p style="${STYLE.paragraph}">${escapeHtmlMultiline(block.body)}</p>`
      );
    case 'link': {
      const target = isSafeHttpUrl(block.url)
        ? `<a href="${escapeHtml(block.url)}">${escapeHtml(block.url)}</a>`
        : escapeHtml(block.url);
      return `<p style="${STYLE.paragraph}">${escapeHtml(block.label)}：${target}</p>`;
    }
    case 'notice':
      return `<p style="${STYLE.notice}">${escapeHtmlMultiline(block.text)}</p>`;
  }
}

export function renderLetter(letter: Letter): { text: string; html: string } {
  const signedOn = letter.signedAt ? formatShanghaiDate(letter.signedAt) : '';
  const textParts = [
    letter.title,
    `编号：${letter.number}`,
    ...(letter.salutation ? [`${letter.salutation}：`] : []),
    ...letter.blocks.map(blockAsText),
    ...(letter.closing ? [indentLines(letter.closing, PARAGRAPH_INDENT)] : []),
    signedOn ? `${letter.hospitalName}\n${signedOn}` : letter.hospitalName,
  ];
  const htmlParts = [
    `<h1 style="${STYLE.title}">${escapeHtml(letter.title)}</h1>`,
    `<p style="${STYLE.number}">编号：${escapeHtml(letter.number)}</p>`,
    ...(letter.salutation ? [`<p>${escapeHtml(letter.salutation)}：</p>`] : []),
    ...letter.blocks.map(blockAsHtml),
    ...(letter.closing ? [`<p style="${STYLE.paragraph}">${escapeHtml(letter.closing)}</p>`] : []),
    `<p style="${STYLE.signature}">${escapeHtml(letter.hospitalName)}` +
      (signedOn ? `<br>\n${escapeHtml(signedOn)}` : '') +
      '</p>',
  ];
  const html =
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n' +
    `<title>${escapeHtml(letter.title)}</title>\n</head>\n<body style="${STYLE.body}">\n` +
    htmlParts.join('\n') +
    '\n</body>\n</html>\n';
  return { text: textParts.join('\n\n') + '\n', html };
}
