/**
 * Hospital configuration names who decides a department's extension requests (its 分管院领导, 第三十四条): a
 * leaderInCharge that is not a configured leader or president is refused when the configuration is loaded (at
 * start), never discovered when a request waits for a decision.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHospitalConfig } from '../../services/hospital-config';

const shipped = path.join(__dirname, '../../config/hospital.json');

describe('hospital configuration: 分管院领导 per department', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hospital-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function withLeader(code: string, leaderInCharge: string): string {
    const json = JSON.parse(readFileSync(shipped, 'utf8'));
    json.departments.find((d: { code: string }) => d.code === code).leaderInCharge = leaderInCharge;
    const file = path.join(dir, `${code}-${leaderInCharge}.json`);
    writeFileSync(file, JSON.stringify(json));
    return file;
  }

  test('the shipped configuration names a leader for every department that has one', () => {
    const config = loadHospitalConfig(shipped);
    expect(config.departments.find((d) => d.code === 'XNK')?.leaderInCharge).toBe('leader-med');
  });

  test('a leaderInCharge that is an intake officer or nobody is refused, naming the department', () => {
    expect(() => loadHospitalConfig(withLeader('YWC', 'intake01'))).toThrow('departments.YWC.leaderInCharge: intake01 不是配置中的院领导');
    expect(() => loadHospitalConfig(withLeader('CWC', 'leader-nobody'))).toThrow('departments.CWC.leaderInCharge: leader-nobody');
    expect(loadHospitalConfig(withLeader('CWC', 'president')).departments.find((d) => d.code === 'CWC')?.leaderInCharge).toBe('president');
  });
});
