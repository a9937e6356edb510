/**
 * The columns of a hospital's 台账 (ledger) as the import reads them and the export writes them: one field per
 * column, its Chinese label, the headers hospitals commonly use for it, and the values each cell may hold
 * (labels as staff write them, mapped to the system's codes). One table, so export → import round-trips.
 */
import { categories, channels, reportGroups, satisfactionLevels, type Category, type Channel, type Satisfaction } from '../../workflows/domain/catalog';
import { causes, departmentKinds, type Cause } from '../reports/vocabulary';

export const ledgerFields = {
  registerNumber: { label: '登记号', headers: ['登记号', '编号', '登记编号', '信访编号', '台账编号', '医院登记号'], required: false },
  receivedAt: { label: '收到日期', headers: ['收到日期', '来访日期', '来信日期', '登记日期', '受理日期', '收到时间', '日期'], required: true },
  channel: { label: '来源', headers: ['来源', '渠道', '方式', '信访方式', '来源渠道', '反映方式', '形式'], required: true },
  petitionerName: { label: '信访人', headers: ['信访人', '投诉人', '姓名', '来访人', '反映人'], required: false },
  phone: { label: '联系电话', headers: ['联系电话', '电话', '联系方式', '手机'], required: false },
  peopleCount: { label: '人数', headers: ['人数', '来访人数'], required: false },
  content: { label: '反映内容', headers: ['反映内容', '事由', '主要内容', '内容', '投诉内容', '反映问题', '信访内容'], required: true },
  category: { label: '类别', headers: ['类别', '分类', '问题类别', '内容分类', '投诉类别', '类型'], required: true },
  department: { label: '涉及科室', headers: ['涉及科室', '责任科室', '承办科室', '被投诉科室', '科室', '承办部门'], required: false },
  departmentKind: { label: '科室类型', headers: ['科室类型', '部门类型'], required: false },
  cause: { label: '原因分类', headers: ['原因分类', '原因', '信访原因', '投诉原因'], required: false },
  outcome: { label: '处理结果', headers: ['处理结果', '处理情况', '办理结果', '处理意见', '答复意见'], required: false },
  finishedAt: { label: '办结日期', headers: ['办结日期', '办结时间', '结案日期', '答复日期'], required: false },
  satisfaction: { label: '满意度', headers: ['满意度', '满意情况', '评价', '反馈评价'], required: false },
  note: { label: '备注', headers: ['备注', '说明'], required: false },
} as const;

export type LedgerField = keyof typeof ledgerFields;
export const ledgerFieldKeys = Object.keys(ledgerFields) as LedgerField[];

/** Headers compare without spaces, full-width/half-width brackets and their contents ("收到日期（年月日）"). */
export function normaliseHeader(header: string): string {
  return header
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s\u3000:：*＊]/g, '')
    .toLowerCase();
}

const normaliseValue = (value: string) => value.replace(/[\s\u3000]/g, '').toLowerCase();

function lookup<T extends string>(entries: Array<[string, T]>): (value: string) => T | undefined {
  const table = new Map(entries.map(([label, code]) => [normaliseValue(label), code]));
  return (value) => table.get(normaliseValue(value));
}

export const channelOf = lookup<Channel>([
  ...(Object.entries(channels) as Array<[Channel, string]>).flatMap(([code, label]): Array<[string, Channel]> => [[code, code], [label, code]]),
  ['信件', 'letter'], ['来函', 'letter'], ['书信', 'letter'],
  ['电话', 'phone'], ['电话投诉', 'phone'],
  ['接待', 'visit'], ['走访', 'visit'], ['现场', 'visit'], ['面谈', 'visit'],
  ['邮件', 'email'], ['email', 'email'], ['e-mail', 'email'],
  ['网上', 'web'], ['网络', 'web'], ['网站', 'web'], ['网上投诉', 'web'], ['微信', 'web'],
  ['12345', 'hotline_12345'], ['市长热线', 'hotline_12345'], ['12345热线', 'hotline_12345'], ['热线转办', 'hotline_12345'],
  ['上级转办', 'higher_authority'], ['上级转交', 'higher_authority'], ['卫健委转办', 'higher_authority'],
]);

/** A category label, one half of a two-part label (医疗质量/医疗纠纷), or a content group's name. */
export const categoryOf = lookup<Category>([
  ...(Object.entries(categories) as Array<[Category, { label: string }]>).flatMap(([code, { label }]): Array<[string, Category]> => [
    [code, code],
    [label, code],
    ...label.split('/').map((part): [string, Category] => [part, code]),
  ]),
  [reportGroups.medical_quality, 'medical_quality'],
  [reportGroups.service_attitude, 'service_attitude'],
  [reportGroups.management_process, 'administration'],
  [reportGroups.economic_dispute, 'billing'],
  ['医疗纠纷', 'medical_quality'], ['医疗技术', 'medical_quality'], ['收费', 'billing'], ['医疗费用', 'billing'],
]);

export const satisfactionOf = lookup<Satisfaction>(
  (Object.entries(satisfactionLevels) as Array<[Satisfaction, string]>).flatMap(([code, label]): Array<[string, Satisfaction]> => [[code, code], [label, code]]),
);

export const causeOf = lookup<Cause>([
  ...(Object.entries(causes) as Array<[Cause, string]>).flatMap(([code, label]): Array<[string, Cause]> => [[code, code], [label, code]]),
  ['医院', 'hospital'], ['院方', 'hospital'], ['患者', 'patient'], ['患方', 'patient'], ['外部', 'external'],
]);

export type DepartmentKind = keyof typeof departmentKinds;
export const departmentKindOf = lookup<DepartmentKind>([
  ...(Object.entries(departmentKinds) as Array<[DepartmentKind, string]>).flatMap(([code, label]): Array<[string, DepartmentKind]> => [[code, code], [label, code]]),
  ['后勤', 'logistics_admin'], ['行政', 'logistics_admin'], ['职能科室', 'logistics_admin'], ['临床科室', 'inpatient'], ['门诊', 'outpatient'],
]);

/** A 处理结果 that says the matter was not accepted (不予受理) makes a closed row declined, not finished. */
export function isDeclinedOutcome(outcome: string): boolean {
  return /不予受理|不受理/.test(outcome);
}
