/**
 * docker-compose.yml is accepted by `docker-compose config` (Debian's docker-compose; .ci/run installs it) and has the
 * production shape: pinned images, API and worker from one image with different commands, secrets from the
 * environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const composeBinary = findOnPath('docker-compose');
if (!composeBinary) {
  console.warn('SKIPPED compose tests: no docker-compose on PATH (apt-get install docker-compose; .ci/run installs it)');
}
const describeWithCompose = composeBinary ? describe : describe.skip;

function compose(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('POSTGRES_')));
  const result = spawnSync(composeBinary!, ['--project-directory', REPO_ROOT, '-f', COMPOSE_FILE, ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeWithCompose('docker-compose.yml', () => {
  const secret = { POSTGRES_PASSWORD: 'compose-test-secret', LINK_SIGNING_KEY: 'compose-test-link-signing-key-0123456789' };

  test('docker-compose config accepts it', () => {
    const result = compose(['config', '-q'], secret);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('has every service of the deployment', () => {
    const services = compose(['config', '--services'], secret).stdout.trim().split('\n').sort();
    expect(services).toEqual(
      ['api', 'mailpit', 'postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
  });

  test('images are pinned and the API and worker share one image with different commands', () => {
    const rendered = compose(['config'], secret).stdout;
    const images = [...rendered.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(7);
    for (const image of images.filter((i) => !i.startsWith('hospital-petitions'))) {
      expect(image).toMatch(/:v?\d+\.\d+(\.\d+)?/);
    }
    expect(rendered).toContain('services/api.ts');
    expect(rendered).toContain('services/worker.ts');
    expect(rendered).toContain('DATABASE_URL: postgresql://petitions:compose-test-secret@postgresql:5432/petitions');
    expect(rendered).toContain('TEMPORAL_ADDRESS: temporal:7233');
    expect(rendered).toContain('SMTP_URL: smtp://mailpit:1025');
  });

  test('refuses to render without the database password', () => {
    const result = compose(['config', '-q']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('POSTGRES_PASSWORD');
  });
});

describe('the image the compose file builds', () => {
  test('Dockerfile is multi-stage and bakes the workflow bundle in', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toContain('infra/ops/build-workflow-bundle.ts dist/workflow-bundle.js');
    expect(dockerfile).toContain('WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js');
  });

  test('the scripts the compose file mounts exist and parse', () => {
    for (const script of ['setup-schema.sh', 'create-namespace.sh']) {
      const file = path.join(REPO_ROOT, 'infra', 'docker', 'temporal', script);
      expect(existsSync(file)).toBe(true);
      expect(spawnSync('sh', ['-n', file]).status).toBe(0);
    }
    expect(existsSync(path.join(REPO_ROOT, 'services', 'api.ts'))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, 'services', 'worker.ts'))).toBe(true);
  });
});
