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
      expect(specifier).toMatch(/^\.\//);
    }
  });

  it('evaluates no validator: policies are checked outside the sandbox (activities/policy-schema.ts)', () => {
    expect(sources.filter((source) => /from 'zod'/.test(source.text)).map((source) => source.name)).toEqual([]);
  });

  it('reads only the static JSON of chinese-days (its date functions depend on the host time zone), on first use', () => {
    const readers = sources.filter((source) => source.text.includes("'chinese-days"));
    expect(readers.map((source) => source.name)).toEqual(['shipped-schedule.ts']);
    const [reader] = readers;
    expect([...reader.text.matchAll(/'chinese-days[^']*'/g)].map((match) => match[0])).toEqual(["'chinese-days/dist/chinese-days.json'"]);
    // required inside a function, so a run with a calendar snapshot never evaluates the data
    expect(reader.text).toMatch(/^ +const data = require\('chinese-days\/dist\/chinese-days\.json'\)/m);
  });
});
