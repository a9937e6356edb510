/**
 * Imports a hospital's 台账 from the command line, the same use case as the console page (services/ledger-import):
 *
 *   npm run import-ledger -- <file.xlsx|file.csv> [--dry-run] [--actor <name>] [--map 收到日期=受理时间 ...]
 *
 * --dry-run previews only (row errors, what is new, what was imported before) and writes nothing; it needs only the
 * database. An import also needs the running system's Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_TASK_QUEUE): open rows start their workflows there and the leadership summary is mailed by its workers.
 * On the embedded setup (PGlite, no TEMPORAL_ADDRESS) use the console page 台账导入 instead. Exit codes: 0 imported
 * or nothing new, 1 failure, 2 usage, 3 the file has errors (nothing written).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { settingsOrExit } from '../../services/config';
import { databaseTargetOf, openAndMigrate } from '../../services/db';
import { loadHospitalConfig, seedHospital } from '../../services/hospital-config';
import { registrationContextFor } from '../../services/composition';
import { ledgerFieldKeys, ledgerFields, type LedgerField } from '../../services/ledger-import/columns';
import { importLedger, previewLedger, type LedgerPreview } from '../../services/ledger-import/import';
import { LedgerFileError, readLedgerTable } from '../../services/ledger-import/read-table';
import { suggestMapping, type ColumnMapping } from '../../services/ledger-import/validate';

const USAGE = '用法 (usage): npm run import-ledger -- <台账.xlsx|台账.csv> [--dry-run] [--actor <操作人>] [--map 字段=表头 ...]';

interface Args {
  file: string;
  dryRun: boolean;
  actor: string;
  overrides: Array<[string, string]>;
}

function parseArgs(argv: string[]): Args | undefined {
  const args: Args = { file: '', dryRun: false, actor: `cli:${os.userInfo().username}`, overrides: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--actor') args.actor = `cli:${argv[++i] ?? ''}`;
    else if (arg === '--map') {
      const [field, header] = (argv[++i] ?? '').split('=');
      if (!field || header === undefined) return undefined;
      args.overrides.push([field, header]);
    } else if (!args.file) args.file = arg;
    else return undefined;
  }
  return args.file ? args : undefined;
}

/** --map takes the field by its label (收到日期) or key (receivedAt) and the file's header. */
function applyOverrides(headers: string[], overrides: Array<[string, string]>): ColumnMapping {
  const mapping = suggestMapping(headers);
  for (const [name, header] of overrides) {
    const field = ledgerFieldKeys.find((f) => f === name || ledgerFields[f].label === name) as LedgerField | undefined;
    if (!field) throw new LedgerFileError(`未知字段「${name}」（可用：${ledgerFieldKeys.map((f) => ledgerFields[f].label).join('、')}）`);
    const index = headers.indexOf(header);
    if (header !== '' && index < 0) throw new LedgerFileError(`文件中没有表头「${header}」`);
    if (header === '') delete mapping[field];
    else mapping[field] = index;
  }
  return mapping;
}

function printPreview(preview: LedgerPreview): void {
  console.log(`文件 ${preview.fileName}（SHA-256 ${preview.fileHash}）`);
  console.log(`列映射：${ledgerFieldKeys.map((f) => `${ledgerFields[f].label}←${preview.mapping[f] === undefined ? '（无）' : preview.headers[preview.mapping[f]!]}`).join('，')}`);
  console.log(`数据 ${preview.totalRows} 行；可导入 ${preview.newRows} 行（已办结 ${preview.byState.finished}、不予受理 ${preview.byState.declined}、在办 ${preview.byState.open}）；此前已导入 ${preview.alreadyImported} 行`);
  for (const error of preview.fileErrors) console.log(`错误：${error}`);
  for (const error of preview.errors) console.log(`错误：${error.message}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  const settings = settingsOrExit('tools');
  if (!args.dryRun && !settings.TEMPORAL_ADDRESS) {
    console.error('导入需要运行中系统的 Temporal：请设置 TEMPORAL_ADDRESS（及 TEMPORAL_NAMESPACE、TEMPORAL_TASK_QUEUE），或在控制台「台账导入」页导入；--dry-run 只需数据库');
    return 2;
  }
  const content = readFileSync(args.file);
  const fileName = path.basename(args.file);
  const mapping = applyOverrides((await readLedgerTable(content, fileName)).headers, args.overrides);
  const hospital = loadHospitalConfig(settings.HOSPITAL_CONFIG);
  const database = await openAndMigrate(databaseTargetOf(settings));
  // Departments (the 涉及科室 a row may name) from the configuration, as every start of the system mirrors them.
  await seedHospital(database.prisma, hospital);
  const connection = args.dryRun ? undefined : await Connection.connect({ address: settings.TEMPORAL_ADDRESS! });
  try {
    const temporal = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
    const context = registrationContextFor(database.prisma, temporal, settings, hospital);
    const file = { content, fileName, mapping };
    if (args.dryRun) {
      const preview = await previewLedger(context, file);
      printPreview(preview);
      return preview.errors.length + preview.fileErrors.length > 0 ? 3 : 0;
    }
    const outcome = await importLedger(context, file, args.actor);
    printPreview(outcome);
    console.log(outcome.message);
    for (const c of outcome.created.slice(0, 20)) console.log(`  ${c.number}${c.externalNumber ? ` ← ${c.externalNumber}` : ''}`);
    if (outcome.created.length > 20) console.log(`  …共 ${outcome.created.length} 件`);
    return outcome.outcome === 'refused' ? 3 : 0;
  } finally {
    await connection?.close();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('导入失败 (failed):', error instanceof Error ? error.message : error);
    process.exit(error instanceof LedgerFileError ? 3 : 1);
  },
);
