/**
 * Server-rendered HTML with escaping by default: every interpolated value is escaped unless it is already Html
 * (another template's output), so a page cannot forget to escape petition text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]);
}

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

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export function shanghaiDate(value: Date | string | null | undefined): string {
  return shanghaiDateTime(value).slice(0, 10);
}

/** "剩余 3 天 4 小时" / "已超期 2 天" */
export function timeLeft(due: Date | string, now = new Date()): string {
  const ms = new Date(due).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const span = days > 0 ? `${days} 天 ${hours} 小时` : `${hours} 小时 ${Math.floor((abs % 3_600_000) / 60_000)} 分`;
  return ms >= 0 ? `剩余 ${span}` : `已超期 ${span}`;
}
