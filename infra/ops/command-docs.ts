/**
 * The README's table of petition commands, generated from services/petitions/command-catalog.ts so the documentation
 * of who may do what cannot drift from what the API checks. `npx tsx infra/ops/command-docs.ts --write` rewrites the
 * block between `<!-- commands -->` and `<!-- /commands -->`; test/unit/command-catalog.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { roles } from '../../services/auth/roles';
import { commandList, documentKinds } from '../../services/petitions/command-catalog';

export const README = path.resolve(__dirname, '..', '..', 'README.md');

export function renderCommandTable(): string {
  const rows = commandList.map((c) => {
    const who = c.roles.map((role) => roles[role]).join('、') + (c.party === 'department' ? '（部门只以本部门名义）' : '');
    const input = Object.keys(c.input.shape).map((field) => `\`${field}\``).join(', ') || '—';
    const link = c.link ? `\`/links/<number>/${c.key}\`` : '—';
    const document = c.document ? `${documentKinds[c.document.kind]} (\`${c.document.kind}\`)` : '—';
    return `| \`${c.key}\` | ${c.label} | \`POST /api/petitions/<number>/${c.slug}\` | ${input} | ${who} | ${document} | ${link} | ${c.emits.map((e) => `\`${e}\``).join(', ')} |`;
  });
  return [
    '| command | 中文 | API (the console posts to `/console/petitions/<number>/<slug>`) | input | who | document | link form | events |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const block = /(<!-- commands [^\n]*-->\n)([\s\S]*?)(\n<!-- \/commands -->)/;

/** The table between the markers, or undefined when the README has no such block. */
export function readmeCommandTable(readme: string): string | undefined {
  return block.exec(readme)?.[2];
}

if (require.main === module) {
  const current = readFileSync(README, 'utf8');
  if (!block.test(current)) throw new Error('README.md has no <!-- commands --> block');
  const next = current.replace(block, (_all, open: string, _table: string, close: string) => `${open}${renderCommandTable()}${close}`);
  if (process.argv.includes('--write')) {
    writeFileSync(README, next);
    console.log(next === current ? 'README.md is up to date' : 'README.md: command table rewritten');
  } else if (next !== current) {
    console.error('README.md: the command table is stale; run npx tsx infra/ops/command-docs.ts --write');
    process.exitCode = 1;
  }
}
