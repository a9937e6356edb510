/**
 * workflows/deadlines runs inside the Temporal workflow sandbox: no Node built-ins, no clock reads, no I/O.
 * A source scan catches a regression before the worker's bundler does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../../../workflows/deadlines');
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

describe('workflows/deadlines is safe for the workflow sandbox', () => {
  it.each(sources.map((source) => [source.name, source.text]))('%s reads no clock and imports only pure modules', (_name, text) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(|process\.|setTimeout\(/);
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    for (const specifier of imports) {
      expect(specifier).toMatch(/^(\.\/|zod$|chinese-days\/dist\/chinese-days\.json$|chinese-days\/package\.json$)/);
    }
  });

  it('imports only the static JSON of chinese-days, whose date functions depend on the host time zone', () => {
    const importers = sources.filter((source) => source.text.includes("'chinese-days"));
    expect(importers.map((source) => source.name)).toEqual(['calendar.ts']);
  });
});
