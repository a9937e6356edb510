/**
 * Event types are a closed union (workflows/domain/events.ts). The compiler refuses a `transition('…')` whose type has
 * no label; this test closes the other direction: every labelled type, every timer type the metrics count and every
 * type a view or query names must be one the workflow (or registration) can actually write.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eventLabels, eventTypes, isEventType, timerEventTypes } from '../../../workflows/domain/events';

const root = join(__dirname, '..', '..', '..');

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourcesUnder(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The first argument of every `transition(` call: its string literals (a ternary names two types). */
function transitionTypes(source: string): string[] {
  const types: string[] = [];
  const call = /\btransition\(/g;
  for (let match = call.exec(source); match; match = call.exec(source)) {
    let depth = 0;
    let end = match.index + match[0].length;
    for (; end < source.length; end++) {
      const c = source[end];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    const argument = source.slice(match.index + match[0].length, end);
    for (const literal of argument.matchAll(/'([^']+)'/g)) types.push(literal[1]);
  }
  return types;
}

/** Where each written type comes from: the workflow's transitions and the registration's `'…' satisfies EventType`. */
function emittedTypes(): Map<string, string[]> {
  const emitted = new Map<string, string[]>();
  const add = (type: string, file: string) => emitted.set(type, [...(emitted.get(type) ?? []), file]);
  for (const file of sourcesUnder('workflows')) for (const type of transitionTypes(read(file))) add(type, file);
  for (const file of [...sourcesUnder('services'), ...sourcesUnder('activities')]) {
    for (const literal of read(file).matchAll(/'([a-z_]+)' satisfies EventType/g)) add(literal[1], file);
  }
  return emitted;
}

/** Types that services and activities name when they read events (queries, timelines, report rows). */
function typesNamedByViews(): Array<{ type: string; where: string }> {
  const named: Array<{ type: string; where: string }> = [];
  for (const file of [...sourcesUnder('services'), ...sourcesUnder('activities')]) {
    read(file)
      .split('\n')
      .forEach((line, index) => {
        if (!/petitionEvent|events|timeline|eventAt/.test(line)) return;
        for (const m of line.matchAll(/\btype\s*(?:===|!==|:)\s*'([a-z_]+)'|eventAt\('([a-z_]+)'\)/g)) {
          named.push({ type: m[1] ?? m[2], where: `${relative(root, join(root, file))}:${index + 1}` });
        }
      });
  }
  return named;
}

describe('event types', () => {
  const emitted = emittedTypes();

  it('finds the workflow transitions and the registration event', () => {
    expect(emitted.size).toBeGreaterThan(10);
    expect(emitted.has('registered')).toBe(true);
    expect(emitted.has('accepted')).toBe(true);
    expect(emitted.has('extension_approved') && emitted.has('extension_refused')).toBe(true);
  });

  it('labels every type the workflow or registration can write, in Chinese', () => {
    const unlabelled = [...emitted.keys()].filter((type) => !isEventType(type));
    expect(unlabelled).toEqual([]);
    for (const type of eventTypes) expect(eventLabels[type]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('labels no type that nothing writes', () => {
    expect(eventTypes.filter((type) => !emitted.has(type))).toEqual([]);
  });

  it('counts as timer events only types the deadline watch writes', () => {
    const notWritten = timerEventTypes.filter((type) => !emitted.has(type));
    expect(notWritten).toEqual([]);
    expect(timerEventTypes).toContain('reminder_sent');
    const metrics = read('services/observability/metrics.ts');
    expect(metrics).toContain('timerEventTypes');
  });

  it('has views and queries name only types that can be written', () => {
    const named = typesNamedByViews();
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ type }) => !emitted.has(type))).toEqual([]);
  });
});
