/**
 * The audit page names every action in Chinese (issue 14): each action a source file writes to the trail (an
 * `action: '…'` literal or an `…_ACTION = '…'` constant in services/ and activities/, every catalog command through
 * the API, the console and the links) has a label, so no row shows its code (`ledger.view`) to an administrator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { actionLabel } from '../../services/audit/audit-page';
import { commandList } from '../../services/petitions/command-catalog';
import { linkActions } from '../../services/links/link-actions';

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Action names as the writers spell them: `action: 'x'`, `action: cond ? 'x' : 'y'`, `X_ACTION = 'x'`. */
function writtenActions(): string[] {
  const found = new Set<string>();
  for (const file of [...sourceFiles(path.join(ROOT, 'services')), ...sourceFiles(path.join(ROOT, 'activities'))]) {
    const text = readFileSync(file, 'utf8');
    if (!/auditRequest|recordAudit|auditEntryOf|appendAudit|auditLog\.create|_ACTION\b/.test(text)) continue;
    for (const match of text.matchAll(/\baction: ([^,}\n]+)/g)) {
      for (const literal of match[1].matchAll(/'([a-z][a-zA-Z.-]*)'/g)) found.add(literal[1]);
    }
    for (const match of text.matchAll(/_ACTION = '([a-z][a-zA-Z.-]*)'/g)) found.add(match[1]);
  }
  // Not audit actions: helmet's frameguard option.
  found.delete('deny');
  return [...found].sort();
}

test('the scan finds the trail\'s actions', () => {
  expect(writtenActions()).toEqual(expect.arrayContaining(['petition.view', 'ledger.view', 'ledger-import', 'sign-in', 'refused']));
});

test.each(writtenActions())('%s has a Chinese label', (action) => {
  expect(actionLabel(action)).not.toBe(action);
  expect(actionLabel(action)).toMatch(/[\u4e00-\u9fff]/);
});

test('every command through the API and console, and every link action, has its label', () => {
  for (const command of commandList) expect(actionLabel(`command.${command.key}`)).toBe(`办理：${command.label}`);
  for (const action of linkActions) expect(actionLabel(`link.${action}`)).toMatch(/^链接办理：/);
});
