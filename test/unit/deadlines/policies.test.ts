import { parsePolicy, PolicyValidationError, validatedBundledPolicies, validatedBundledPolicy } from '../../../activities/policy-schema';
import { BUNDLED_POLICY_FILES, handlingLimit, listPolicies, loadPolicy } from '../../../workflows/deadlines';
import xinfangFile from '../../../workflows/deadlines/policies/xinfang-2022.json';

const copy = (): Record<string, any> => JSON.parse(JSON.stringify(xinfangFile));

function validationErrorOf(fileName: string, json: unknown): PolicyValidationError {
  try {
    parsePolicy(fileName, json);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error;
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('bundled policies', () => {
  it('lists and validates all three policy files', () => {
    expect(listPolicies().map((policy) => policy.id)).toEqual(['xinfang-2022', 'complaint-2019', 'hospital-example']);
    expect(validatedBundledPolicies().map((policy) => policy.id)).toEqual(['xinfang-2022', 'complaint-2019', 'hospital-example']);
  });

  it('each file the workflow reads as plain data passes the schema, and the workflow sees the same policy', () => {
    for (const [fileName, json] of Object.entries(BUNDLED_POLICY_FILES)) {
      const id = fileName.replace(/\.json$/, '');
      const parsed = parsePolicy(`workflows/deadlines/policies/${fileName}`, JSON.parse(JSON.stringify(json)));
      expect(loadPolicy(id)).toEqual(parsed);
      expect(validatedBundledPolicy(id)).toEqual(parsed);
    }
  });

  it('xinfang-2022: 15 days to accept, 60 days to handle, 30-day extension, 复查 and 复核 30 + 30', () => {
    const policy = loadPolicy('xinfang-2022');
    expect(policy.title).toBe('信访工作条例（2022年）');
    expect(policy.limits.acceptance).toMatchObject({ amount: 15, unit: 'calendarDays', from: 'receipt' });
    expect(policy.limits.handling).toMatchObject({ amount: 60, unit: 'calendarDays', from: 'acceptance' });
    expect(policy.limits.acknowledgement).toMatchObject({ amount: 1, unit: 'workingDays', from: 'assignment' });
    expect(policy.extension).toMatchObject({ maxAdditional: { amount: 30, unit: 'calendarDays' }, approvedBy: 'leaderInCharge', petitionerToldReason: true });
    expect(policy.review.stages.map((stage) => [stage.title, stage.requestWithin.amount, stage.answerWithin.amount])).toEqual([
      ['复查', 30, 30],
      ['复核', 30, 30],
    ]);
    expect(policy.review.finalAfterLastStage).toBe(true);
    expect(policy.reminders.map((step) => step.role)).toEqual(['handler', 'departmentHead', 'leaderInCharge', 'president']);
  });

  it('complaint-2019: 5 working days (complex) or 10 (several departments) from receipt, no extension', () => {
    const policy = loadPolicy('complaint-2019');
    expect(handlingLimit(policy)).toMatchObject({ amount: 5, unit: 'workingDays', from: 'receipt' });
    expect(handlingLimit(policy, 'complex')).toMatchObject({ amount: 5, unit: 'workingDays' });
    expect(handlingLimit(policy, 'multiDepartment')).toMatchObject({ amount: 10, unit: 'workingDays', from: 'receipt' });
    expect(() => handlingLimit(policy, 'nonexistent')).toThrow('nonexistent');
    expect(policy.extension).toBeNull();
    expect(policy.review.reopenOnNewEvidence).toBe(true);
  });

  it('hospital-example: 7 days to accept, 30 to reply, complex cases at most 60 in total', () => {
    const policy = loadPolicy('hospital-example');
    expect(policy.limits.acceptance.amount).toBe(7);
    expect(policy.limits.handling.amount).toBe(30);
    expect(policy.extension?.maxTotal).toMatchObject({ amount: 60, unit: 'calendarDays', from: 'acceptance' });
    expect(policy.extension?.reasonRequired).toBe(true);
  });

  it('returns frozen, cached policies', () => {
    const policy = loadPolicy('xinfang-2022');
    expect(loadPolicy('xinfang-2022')).toBe(policy);
    expect(Object.isFrozen(policy.limits.handling)).toBe(true);
  });

  it('names the available policies for an unknown id', () => {
    expect(() => loadPolicy('nope')).toThrow(/nope.*xinfang-2022/);
    expect(() => validatedBundledPolicy('nope')).toThrow(/nope.*xinfang-2022/);
  });
});

describe('parsePolicy errors name the file and the field', () => {
  it('an extension approver other than the 分管院领导 or the 院长 (第三十四条: 本单位负责人)', () => {
    const json = copy();
    json.extension.approvedBy = 'departmentHead';
    expect(validationErrorOf('xinfang-2022.json', json).issues.map((issue) => issue.path)).toEqual(['extension.approvedBy']);
    json.extension.approvedBy = 'president';
    expect(parsePolicy('xinfang-2022.json', json).extension?.approvedBy).toBe('president');
  });

  it('a ground to stop a clock (中止计时) that is the hospital\'s own rule cannot stop the law\'s limit', () => {
    const json = copy();
    const ground = {
      id: 'supplementaryMaterials', label: '信访人补充材料', basis: 'internal', rule: '本院规定：补充材料期间暂停计时',
      stops: ['handling'], approvedBy: ['leader'], longest: { amount: 30, unit: 'calendarDays' }, petitionerTold: true,
    };
    json.pausing.grounds = [ground];
    expect(validationErrorOf('xinfang-2022.json', json).issues).toEqual([
      { path: 'pausing.grounds[0].stops', message: 'an internal ground cannot stop the statutory handling limit' },
    ]);
    json.pausing.grounds = [{ ...ground, basis: 'statute', rule: '信访工作条例：（示例）' }];
    expect(parsePolicy('xinfang-2022.json', json).pausing?.grounds[0].stops).toEqual(['handling']);
    json.pausing.grounds = [{ ...ground, basis: 'statute', approvedBy: ['admin'] }];
    expect(validationErrorOf('xinfang-2022.json', json).issues.map((issue) => issue.path)).toEqual(['pausing.grounds[0].approvedBy[0]']);
  });

  it('a wrong unit', () => {
    const json = copy();
    json.limits.handling.unit = 'days';
    const error = validationErrorOf('xinfang-2022.json', json);
    expect(error.fileName).toBe('xinfang-2022.json');
    expect(error.issues.map((issue) => issue.path)).toEqual(['limits.handling.unit']);
    expect(error.message).toContain('xinfang-2022.json');
    expect(error.message).toContain('limits.handling.unit');
  });

  it('a negative or fractional amount inside an array', () => {
    const json = copy();
    json.reminders[1].offset.amount = -1;
    json.review.stages[1].answerWithin.amount = 2.5;
    const paths = validationErrorOf('xinfang-2022.json', json).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['reminders[1].offset.amount', 'review.stages[1].answerWithin.amount']));
  });

  it('a missing title, a title without Chinese, an unknown field', () => {
    const missing = copy();
    delete missing.title;
    expect(validationErrorOf('xinfang-2022.json', missing).issues[0].path).toBe('title');

    const english = copy();
    english.shortTitle = 'Regulation';
    expect(validationErrorOf('xinfang-2022.json', english).issues[0]).toEqual({ path: 'shortTitle', message: 'must contain Chinese text' });

    const extra = copy();
    extra.limits.handling.days = 60;
    expect(validationErrorOf('xinfang-2022.json', extra).issues[0].path).toBe('limits.handling');
  });

  it('an unknown role, a duplicate step id, an extension without a maximum', () => {
    const json = copy();
    json.escalation[1].role = 'mayor';
    json.reminders[3].id = json.reminders[0].id;
    delete json.extension.maxAdditional;
    const paths = validationErrorOf('xinfang-2022.json', json).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['escalation[1].role', 'extension.maxAdditional']));
    // the duplicate check runs once the shape is otherwise valid
    const duplicate = copy();
    duplicate.reminders[3].id = duplicate.reminders[0].id;
    expect(validationErrorOf('xinfang-2022.json', duplicate).issues).toEqual([{ path: 'reminders[3].id', message: 'duplicate id "threeDaysBefore"' }]);
  });

  it('an id that does not match the file name', () => {
    const error = validationErrorOf('policies/xinfang-2023.json', copy());
    expect(error.issues).toEqual([{ path: 'id', message: expect.stringContaining('does not match the file name') }]);
    expect(error.message).toContain('policies/xinfang-2023.json');
  });

  it('not an object at all', () => {
    expect(validationErrorOf('empty.json', null).issues[0].path).toBe('');
  });
});
