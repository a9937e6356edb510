import path from 'node:path';
import { ESLint } from 'eslint';

/** The determinism rules are part of the design: prove they fire on workflow code and only there. */
describe('workflow lint rules', () => {
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '..', '..') });

  async function lint(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '..', '..', filePath) });
    return result.messages.map((m) => m.ruleId ?? m.message);
  }

  test('a workflow may not import Node built-ins', async () => {
    const rules = await lint("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'workflows/petition/workflow.ts');
    expect(rules).toContain('@typescript-eslint/no-restricted-imports');
  });

  test('the layers point one way: workflows import nothing from activities/ or services/, activities nothing from services/', async () => {
    const restricted = '@typescript-eslint/no-restricted-imports';
    const typeOnly = await lint("import type { createActivities } from '../../activities';\nexport type A = typeof createActivities;\n", 'workflows/petition/workflow.ts');
    expect(typeOnly).toContain(restricted);
    const value = await lint("import { createActivities } from '../../activities';\nexport const a = createActivities;\n", 'workflows/petition/workflow.ts');
    expect(value).toContain(restricted);
    const contract = await lint("import type { PetitionActivities } from '../activity-contracts/petition';\nexport type A = PetitionActivities;\n", 'workflows/petition/workflow.ts');
    expect(contract).not.toContain(restricted);
    const service = await lint("import type { Settings } from '../../services/config';\nexport type S = Settings;\n", 'workflows/petition/workflow.ts');
    expect(service).toContain(restricted);
    const fromActivity = await lint("import type { Settings } from '../services/config';\nexport type S = Settings;\n", 'activities/notices.ts');
    expect(fromActivity).toContain(restricted);
    const domain = await lint("import { eventLabels } from '../workflows/domain/events';\nexport const e = eventLabels;\n", 'activities/notices.ts');
    expect(domain).not.toContain(restricted);
  });

  test('a workflow may not import zod (validated outside the sandbox); services may', async () => {
    const restricted = '@typescript-eslint/no-restricted-imports';
    expect(await lint("import { z } from 'zod';\nexport const s = z.string();\n", 'workflows/deadlines/deadline.ts')).toContain(restricted);
    expect(await lint("import { z } from 'zod';\nexport const s = z.string();\n", 'activities/policy-schema.ts')).not.toContain(restricted);
  });

  test('a forgotten promise is an error', async () => {
    const rules = await lint('async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n', 'workflows/petition/workflow.ts');
    expect(rules).toContain('@typescript-eslint/no-floating-promises');
  });

  test('services may use Node built-ins', async () => {
    const rules = await lint("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'services/config.ts');
    expect(rules).not.toContain('@typescript-eslint/no-restricted-imports');
  });
});
