import {
  formatRegisterNumber,
  parseRegisterNumber,
  petitionWorkflowId,
  registerNumberFromWorkflowId,
} from '../../workflows/ids';

describe('register numbers and workflow ids', () => {
  test('numbers are XF-<year>-<6 digits> and parse back', () => {
    expect(formatRegisterNumber(2026, 123)).toBe('XF-2026-000123');
    expect(parseRegisterNumber('XF-2026-000123')).toEqual({ year: 2026, seq: 123 });
    expect(formatRegisterNumber(2026, 999_999)).toBe('XF-2026-999999');
  });

  test('out-of-range parts are refused rather than silently wrapped', () => {
    expect(() => formatRegisterNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatRegisterNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatRegisterNumber(1999, 1)).toThrow(RangeError);
    expect(() => formatRegisterNumber(2026, 1.5)).toThrow(RangeError);
  });

  test.each(['XF-2026-000000', 'XF-26-000001', 'xf-2026-000001', 'XF-2026-0000001', 'XF-2026-000001 ', ''])(
    '%p is not a register number',
    (text) => {
      expect(parseRegisterNumber(text)).toBeUndefined();
    },
  );

  test('workflow ids come from the business key and parse back', () => {
    expect(petitionWorkflowId('XF-2026-000123')).toBe('petition:XF-2026-000123');
    expect(registerNumberFromWorkflowId('petition:XF-2026-000123')).toBe('XF-2026-000123');
    expect(registerNumberFromWorkflowId('daily-report:2026-11-23')).toBeUndefined();
    expect(registerNumberFromWorkflowId('petition:XF-2026-12')).toBeUndefined();
    expect(() => petitionWorkflowId('not-a-number')).toThrow(RangeError);
  });
});
