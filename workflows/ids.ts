/** Workflow ids come from the register number, so ops can find a petition in the Temporal UI by its number. */

const registerNumberPattern = /^XF-(\d{4})-(\d{6})$/;
const workflowIdPrefix = 'petition:';

export function formatRegisterNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`sequence out of range: ${seq}`);
  return `XF-${year}-${String(seq).padStart(6, '0')}`;
}

export function parseRegisterNumber(number: string): { year: number; seq: number } | undefined {
  const match = registerNumberPattern.exec(number);
  if (!match) return undefined;
  const seq = Number(match[2]);
  return seq >= 1 ? { year: Number(match[1]), seq } : undefined;
}

export function petitionWorkflowId(number: string): string {
  if (!parseRegisterNumber(number)) throw new RangeError(`not a register number: ${number}`);
  return `${workflowIdPrefix}${number}`;
}

export function registerNumberFromWorkflowId(workflowId: string): string | undefined {
  if (!workflowId.startsWith(workflowIdPrefix)) return undefined;
  const number = workflowId.slice(workflowIdPrefix.length);
  return parseRegisterNumber(number) ? number : undefined;
}
