/**
 * Who decides a department's extension request (延期审批, 信访工作条例 第三十四条: 经本单位负责人批准) and how
 * refusals, pages and mails name that party. The policy names the role (`extension.approvedBy`): the requesting
 * department's 分管院领导, or the 院长 as 单位负责人; hospital configuration names the person. One home for the rule
 * (activities/extension-decider.ts resolves it from the record store); safe in workflows: ids and codes only.
 */
import type { ExtensionApprover } from '../deadlines/vocabulary';

/** What the extensionDecider activity is asked: the requesting department and the role the policy names. */
export interface ExtensionDeciderRequest {
  departmentCode: string;
  approvedBy: ExtensionApprover;
}

export interface ExtensionDecider {
  /** What the policy names. */
  approvedBy: ExtensionApprover;
  departmentCode: string;
  departmentName: string;
  /** The staff member (id) who decides; null when configuration names nobody active for that role. */
  staffId: string | null;
  /**
   * The policy names the department's 分管院领导 but configuration has none (or an inactive one): the 院长 decides
   * as 单位负责人, the person the regulation itself names.
   */
  presidentInstead: boolean;
}

/** e.g. "医务处的分管院领导（leader-med）", "院长（president，本单位负责人）". */
export function describeDecider(decider: ExtensionDecider): string {
  const who = decider.staffId ? `（${decider.staffId}${decider.approvedBy === 'president' || decider.presidentInstead ? '，本单位负责人' : ''}）` : '';
  if (decider.approvedBy === 'president') return `院长${who}`;
  if (decider.presidentInstead) return `院长${who}（${decider.departmentName}未配置在任的分管院领导）`;
  return `${decider.departmentName}的分管院领导${who}`;
}

/** The Chinese refusal for anyone else, naming who may decide. */
export function deciderRefusal(decider: ExtensionDecider): string {
  if (!decider.staffId) {
    return `${decider.departmentName}的延期申请无人可以审批：医院配置中没有在任的${decider.approvedBy === 'president' ? '院长' : '分管院领导或院长'}，请系统管理员补充配置`;
  }
  return `只有${describeDecider(decider)}可以审批${decider.departmentName}的延期申请`;
}
