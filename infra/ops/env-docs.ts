/**
 * The README's environment variable tables, generated from the schema in services/config.ts so the documentation
 * cannot drift from what the processes parse. `npx tsx infra/ops/env-docs.ts --write` rewrites every block between
 * `<!-- env:<section> -->` and `<!-- /env:<section> -->`; test/unit/config.test.ts fails when a block is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { docOf, environmentSchema, readmeSections, variableNames, type ProcessName, type ReadmeSection, type VariableName } from '../../services/config';

export const README = path.resolve(__dirname, '..', '..', 'README.md');

const processLabels: Record<ProcessName, string> = { start: '`npm start`', api: 'api', worker: 'worker', tools: 'tools/tests' };

function unwrapped(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The type as a reader needs it: `integer 1–1440`, `URL`, `on / off`, `string`. */
export function typeOf(name: VariableName): string {
  const shown = docOf(name).shownType;
  if (shown) return shown;
  const inner = unwrapped(environmentSchema.shape[name]);
  if (inner instanceof z.ZodNumber) return `integer ${inner.minValue}–${inner.maxValue}`;
  if (inner instanceof z.ZodEnum) return inner.options.join(' / ');
  if (inner instanceof z.ZodString) return inner.format === 'url' ? 'URL' : 'string';
  return 'string';
}

/** The schema's default (numbers as they are, text in backticks), or how the variable behaves when unset. */
export function defaultOf(name: VariableName): string {
  const doc = docOf(name);
  if (doc.shownDefault) return doc.shownDefault;
  const schema = environmentSchema.shape[name];
  if (!(schema instanceof z.ZodDefault)) return '—';
  const value: unknown = schema.def.defaultValue;
  return typeof value === 'number' ? String(value) : `\`${String(value)}\``;
}

/** Which processes read it; `(required)` where a split process refuses to start without it. */
export function readersOf(name: VariableName): string {
  const doc = docOf(name);
  const readers = doc.processes.map((p) => (doc.requiredBy?.includes(p as 'api' | 'worker') ? `${processLabels[p]} (required)` : processLabels[p])).join(', ');
  return doc.readBy ? `${readers}; read by \`${doc.readBy}\`` : readers;
}

export function renderTable(section: ReadmeSection): string {
  const rows = variableNames
    .filter((name) => docOf(name).section === section)
    .map((name) => `| \`${name}\` | ${typeOf(name)} | ${defaultOf(name)} | ${readersOf(name)} | ${docOf(name).zh} | ${docOf(name).en} |`);
  return ['| variable | type | default | read by | 说明 | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function blockPattern(section: ReadmeSection): RegExp {
  return new RegExp(`(<!-- env:${section} [^\\n]*-->\\n)([\\s\\S]*?)(\\n<!-- /env:${section} -->)`);
}

/** The table between the section's markers, or undefined when the README has no such block. */
export function readmeBlock(readme: string, section: ReadmeSection): string | undefined {
  return blockPattern(section).exec(readme)?.[2];
}

export function withGeneratedTables(readme: string): string {
  let result = readme;
  for (const section of readmeSections) {
    if (!blockPattern(section).test(result)) throw new Error(`README.md has no <!-- env:${section} --> block`);
    result = result.replace(blockPattern(section), (_all, open: string, _table: string, close: string) => `${open}${renderTable(section)}${close}`);
  }
  return result;
}

if (require.main === module) {
  if (process.argv.includes('--write')) {
    const current = readFileSync(README, 'utf8');
    const next = withGeneratedTables(current);
    writeFileSync(README, next);
    console.log(next === current ? 'README.md is up to date' : 'README.md: environment tables rewritten');
  } else {
    console.log(readmeSections.map((section) => `## ${section}\n${renderTable(section)}`).join('\n\n'));
  }
}
