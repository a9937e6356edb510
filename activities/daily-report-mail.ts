import { escapeHtml } from './mail/escape-html';
import { formatShanghaiDateTime } from './mail/format-date';

/** 信访日报 to the leadership: numbers and matters only, never who petitioned (保守信访秘密). */
export interface DailyReportItem {
  number: string;
  category: string;
  status: string;
  department?: string;
  note?: string;
}

export interface DailyReportData {
  day: string;
  windowStart: Date;
  windowEnd: Date;
  hospitalName: string;
  consoleUrl: string;
  sections: { newPetitions: DailyReportItem[]; closed: DailyReportItem[]; overdue: DailyReportItem[]; alerted: DailyReportItem[] };
  /** The month's 考核 红黑榜 in one line (services/reports/accountability.ts), when any department is ranked. */
  accountability?: string;
  /** The reminder that a year's holiday schedule is missing (from 1 November for the next year). */
  calendar?: string;
}

export const sectionTitles = {
  newPetitions: '新登记',
  closed: '办结',
  overdue: '超期未结（督办）',
  alerted: '预警（集体访等）',
} as const;

export function isZeroReport(data: DailyReportData): boolean {
  return Object.values(data.sections).every((items) => items.length === 0);
}

function itemLine(item: DailyReportItem): string {
  return [item.number, item.category, item.status, item.department, item.note].filter(Boolean).join('　');
}

export function renderDailyReport(data: DailyReportData): { subject: string; text: string; html: string } {
  const zero = isZeroReport(data);
  const subject = zero ? `【零报告】信访日报 ${data.day}` : `信访日报 ${data.day}`;
  const period = `统计时段：${formatShanghaiDateTime(data.windowStart)} 至 ${formatShanghaiDateTime(data.windowEnd)}`;
  const keys = Object.keys(sectionTitles) as Array<keyof typeof sectionTitles>;
  const counts = keys.map((key) => `${sectionTitles[key]} ${data.sections[key].length} 件`).join('，');
  const textParts = [`${data.hospitalName} 信访日报（${data.day}）`, period];
  const htmlParts = [`<h2>${escapeHtml(data.hospitalName)} 信访日报（${escapeHtml(data.day)}）</h2>`, `<p>${escapeHtml(period)}</p>`];
  if (zero) {
    const line = '零报告：本时段内无新登记、办结、超期及预警信访事项。';
    textParts.push(line);
    htmlParts.push(`<p><strong>${escapeHtml(line)}</strong></p>`);
  } else {
    textParts.push(counts);
    htmlParts.push(`<p>${escapeHtml(counts)}</p>`);
    for (const key of keys) {
      const items = data.sections[key];
      textParts.push(`【${sectionTitles[key]}】${items.length} 件`, ...items.map((item) => `  ${itemLine(item)}`));
      htmlParts.push(`<h3>${escapeHtml(sectionTitles[key])}（${items.length} 件）</h3>`);
      if (items.length > 0) htmlParts.push(`<ul>${items.map((item) => `<li>${escapeHtml(itemLine(item))}</li>`).join('')}</ul>`);
    }
  }
  if (data.accountability) {
    textParts.push(data.accountability);
    htmlParts.push(`<p id="accountability">${escapeHtml(data.accountability)}</p>`);
  }
  if (data.calendar) {
    textParts.push(`【日历提醒】${data.calendar}`);
    htmlParts.push(`<p id="calendar-reminder"><strong>日历提醒：</strong>${escapeHtml(data.calendar)}</p>`);
  }
  textParts.push(`详情请登录信访控制台：${data.consoleUrl}`);
  htmlParts.push(`<p>详情请登录信访控制台：${escapeHtml(data.consoleUrl)}</p>`);
  const html = `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${htmlParts.join('\n')}</body></html>\n`;
  return { subject, text: textParts.join('\n') + '\n', html };
}
