/** Report dimensions that are not in the workflow catalog. */

import { isKeyOf } from '../../workflows/domain/keys';

/** 信访原因: who or what caused the matter, as hospitals publish it. */
export const causes = {
  hospital: '医院方面',
  patient: '患者方面',
  external: '外部因素',
  other: '其他',
} as const;
export type Cause = keyof typeof causes;

export function isCause(value: string): value is Cause {
  return isKeyOf(causes, value);
}

export const departmentKinds = {
  inpatient: '住院科室',
  medtech: '医技部门',
  outpatient: '门诊部',
  logistics_admin: '后勤/行政',
} as const;

export const UNSET_KEY = 'unset';
export const UNSET_LABEL = '未填写';
export const UNASSIGNED_LABEL = '未交办';
