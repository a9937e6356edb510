import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Bundles the workflows once per jest run: webpack inside jest's module registry is slow and fragile, and every
 * test file's worker would otherwise bundle the same code again.
 */
export async function bundleWorkflowsOnce(workDir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '..', '..', 'workflows'),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  const codePath = path.join(workDir, 'workflow-bundle.js');
  await writeFile(codePath, code);
  return codePath;
}
