/**
 * `npm run import-ledger` as an operator runs it, on a database of its own (a fresh PGlite directory): --dry-run of the
 * example 台账 previews five rows and writes nothing; a file with a bad row exits 3 and prints 行 N，列「X」：原因; an
 * import without the running system's Temporal is refused with the reason (exit 2); bad arguments print the usage.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');

describe('npm run import-ledger', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'error' };
    delete env.DATABASE_URL;
    delete env.TEMPORAL_ADDRESS;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/ops/import-ledger.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };

  test('dry run of the example, a file with an error, an import without Temporal, bad arguments', () => {
    const example = run('config/examples/ledger-example.csv', '--dry-run');
    expect(example.out).toContain('数据 5 行；可导入 5 行（已办结 4、不予受理 1、在办 0）；此前已导入 0 行');
    expect(example.code).toBe(0);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '受理时间,来源,反映内容,类别\n2011-02-30,来信,内容,其他\n');
    const mapped = run(bad, '--dry-run', '--map', '收到日期=受理时间');
    expect(mapped.out).toContain('错误：行 2，列「受理时间」：无法识别的日期「2011-02-30」');
    expect(mapped.code).toBe(3);
    expect(run(bad, '--dry-run', '--map', '收到日期=没有这列').out).toContain('文件中没有表头「没有这列」');

    const noTemporal = run('config/examples/ledger-example.csv');
    expect(noTemporal.code).toBe(2);
    expect(noTemporal.out).toContain('请设置 TEMPORAL_ADDRESS');
    expect(run().out).toContain('用法 (usage)');
  });
});
