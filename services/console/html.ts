/**
 * Server-rendered HTML with escaping by default: every interpolated value is escaped unless it is already Html
 * (another template's output), so a page cannot forget to escape petition text.
 */
import { escapeHtml } from '../../activities/mail/escape-html';
import { describeTimeLeft } from '../../workflows/domain/time-left';
import { describeInstant, shanghaiDate as shanghaiDateOf } from '../../workflows/domain/shanghai';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** The one HTML escaper (activities/mail/escape-html.ts), shared with the mail templates. */
export const escape = escapeHtml;

type Interpolated = Html | string | number | boolean | null | undefined | Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escape(value);
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/** For trusted markup built here (never user input). */
export function raw(markup: string): Html {
  return new Html(markup);
}

export function options(entries: Array<[value: string, label: string]>, selected?: string): Html {
  return html`${entries.map(([value, label]) => html`<option value="${value}"${value === selected ? raw(' selected') : ''}>${label}</option>`)}`;
}

/** "2026-02-14 23:30" Beijing time; empty for a missing or invalid value. */
export function shanghaiDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? '' : describeInstant(ms);
}

/** "2026-02-14": the date an instant falls on (a due instant shows with formatDue, workflows/domain/due.ts). */
export function shanghaiDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? '' : shanghaiDateOf(ms);
}

/** "剩余 3 天 4 小时" / "已超期 2 天" (workflows/domain/time-left.ts). */
export function timeLeft(due: Date | string, now = new Date()): string {
  return describeTimeLeft(due, now);
}
