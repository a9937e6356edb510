/**
 * Bundles the workflows ahead of time (`npm run build:workflow-bundle [-- out.js]`, default dist/workflow-bundle.js).
 * The production image runs workers with WORKFLOW_BUNDLE_PATH pointing at it, so they start in a second instead of
 * running webpack at every start, and every replica runs byte-identical workflow code.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export async function buildWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(REPO_ROOT, 'workflows') });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
  return outFile;
}

if (require.main === module) {
  const outFile = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'dist', 'workflow-bundle.js'));
  buildWorkflowBundle(outFile).then(
    (file) => console.log(`workflow bundle written to ${path.relative(process.cwd(), file)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
