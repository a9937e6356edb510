/**
 * The domain's vocabulary: identifiers are English, labels are the Chinese terms hospital staff use.
 * Shared by the workflow (deterministic, no I/O), the API validation and the console.
 */

import { isKeyOf } from './keys';

export const channels = {
  letter: '来信',
  phone: '来电',
  visit: '来访',
  email: '电子邮件',
  web: '网上信访',
  suggestion_box: '意见箱',
  hotline_12345: '12345/市长热线转办',
  higher_authority: '上级交办',
} as const;
export type Channel = keyof typeof channels;

/** Categories route a petition to a department and group it in the published reports (content group). */
export const categories = {
  medical_quality: { label: '医疗质量/医疗纠纷', reportGroup: 'medical_quality' },
  nursing: { label: '护理', reportGroup: 'medical_quality' },
  billing: { label: '收费/物价', reportGroup: 'economic_dispute' },
  pharmacy: { label: '药品', reportGroup: 'medical_quality' },
  infection_control: { label: '院感', reportGroup: 'medical_quality' },
  safety: { label: '安全', reportGroup: 'management_process' },
  logistics: { label: '后勤', reportGroup: 'management_process' },
  equipment: { label: '设备', reportGroup: 'management_process' },
  labour_discipline: { label: '劳动纪律', reportGroup: 'service_attitude' },
  misconduct: { label: '违规违纪', reportGroup: 'other' },
  medical_ethics: { label: '医德医风', reportGroup: 'service_attitude' },
  administration: { label: '行政管理', reportGroup: 'management_process' },
  service_attitude: { label: '服务态度', reportGroup: 'service_attitude' },
  other: { label: '其他', reportGroup: 'other' },
} as const;
export type Category = keyof typeof categories;

export const reportGroups = {
  medical_quality: '医疗质量',
  service_attitude: '服务态度',
  management_process: '管理流程',
  economic_dispute: '经济纠纷',
  other: '其他',
} as const;

export const statuses = {
  registered: '已登记',
  accepted: '已受理',
  declined: '不予受理',
  assigned: '已交办',
  replied: '承办已答复',
  fed_back: '已反馈',
  archived: '已归档',
} as const;
export type PetitionStatus = keyof typeof statuses;

export const satisfactionLevels = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
  unknown: '未评价',
} as const;
export type Satisfaction = keyof typeof satisfactionLevels;

/** 送达: how the petitioner received the written reply (反馈). An e-mail counts as delivered on its send date. */
export const deliveryMethods = {
  email: '电子邮件',
  post: '邮寄',
  in_person: '当面送达',
  phone: '电话告知',
} as const;
export type DeliveryMethod = keyof typeof deliveryMethods;

/** 集体访: five or more people petitioning together. */
export const collectivePetitionThreshold = 5;

export function isChannel(value: string): value is Channel {
  return isKeyOf(channels, value);
}

export function isCategory(value: string): value is Category {
  return isKeyOf(categories, value);
}
