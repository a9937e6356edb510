// The migrations folder, schema.prisma and the client agree, on embedded PGlite always and on the PostgreSQL
// server named by DATABASE_URL when it is set (CI).
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyMigrations,
  createMigration,
  projectMigrationLayout,
  schemaDriftSql,
  type DatabaseTarget,
} from '../../infra/db/migrate';
import { openAndMigrate, openDatabase } from '../../services/db';

const migrationNames = readdirSync(projectMigrationLayout.migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const pgliteDir = mkdtempSync(path.join(tmpdir(), 'petitions-pglite-'));
const targets: Array<[string, DatabaseTarget]> = [['PGlite', { kind: 'pglite', dataDir: pgliteDir }]];
if (process.env.DATABASE_URL) targets.push(['PostgreSQL', { kind: 'postgres', url: process.env.DATABASE_URL }]);

afterAll(() => rmSync(pgliteDir, { recursive: true, force: true }));

function newPetition(tag: string) {
  const seq = Math.floor(Math.random() * 1_000_000_000);
  return {
    number: `XF-2099-${tag}-${seq}`,
    year: 2099,
    seq,
    workflowId: `petition-${tag}-${seq}`,
    status: 'registered',
    channel: 'letter',
    category: 'complaint',
    anonymous: false,
    peopleCount: 1,
    content: '住院期间护理不到位',
    complainedAbout: { departments: ['NEURO'], staff: [] },
    claimAmount: '1234.50',
    policyId: 'petition-regulation',
    policyVersion: '2022',
    queryCode: randomUUID().slice(0, 8),
    cooperatingDepartments: ['NURSING'],
    receivedAt: new Date('2099-03-01T08:00:00Z'),
  };
}

describe.each(targets)('database on %s', (_label, target) => {
  test('migrations apply, and a second run applies nothing', async () => {
    const first = await applyMigrations(target);
    // A shared PostgreSQL may already be migrated; a fresh PGlite directory never is.
    if (target.kind === 'pglite') expect(first.applied).toEqual(migrationNames);
    else expect(migrationNames).toEqual(expect.arrayContaining(first.applied));

    const database = await openAndMigrate(target);
    try {
      expect(database.applied).toEqual([]);
      if (target.kind === 'pglite') await expect(openDatabase(target)).rejects.toThrow(/already open/);
      await expectPetitionRoundTrip(database.prisma);
    } finally {
      await database.close();
    }
  }, 240_000);

  test('schema.prisma and the migrations folder do not drift', async () => {
    expect(await schemaDriftSql(target)).toBe('');
  }, 240_000);
});

// PGlite only: it never touches a shared server, and creating migrations works the same on both. The WASM schema
// engine runs it several times; on a busy machine it took over 240 s in CI (five sessions testing beside it), hence
// the bound: a generous ceiling for a hung engine, not a speed target.
test('a schema change becomes a new migration, after which nothing drifts', async () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'petitions-migrations-'));
  try {
    const layout = { schemaPath: path.join(workDir, 'schema.prisma'), migrationsDir: path.join(workDir, 'migrations') };
    cpSync(projectMigrationLayout.migrationsDir, layout.migrationsDir, { recursive: true });
    const schema = readFileSync(projectMigrationLayout.schemaPath, 'utf8');
    const changedSchema = schema.replace('  last Int @default(0)\n', '  last Int @default(0)\n  note String?\n');
    expect(changedSchema).not.toBe(schema);
    writeFileSync(layout.schemaPath, changedSchema);
    const target: DatabaseTarget = { kind: 'pglite', dataDir: path.join(workDir, 'unused') };

    const file = await createMigration(target, 'Add note', layout);
    expect(file).toMatch(/[/\\]\d{14}_add_note[/\\]migration\.sql$/);
    expect(readFileSync(file!, 'utf8')).toContain('ALTER TABLE "RegisterCounter" ADD COLUMN     "note" TEXT');
    expect(await schemaDriftSql(target, layout)).toBe('');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}, 600_000);

type Prisma = Awaited<ReturnType<typeof openDatabase>>['prisma'];

async function expectPetitionRoundTrip(prisma: Prisma): Promise<void> {
  const data = newPetition('tx');
  const written = await prisma.$transaction(async (tx) => {
    const petition = await tx.petition.create({
      data: {
        ...data,
        petitioner: { create: { name: '张三', phone: '13800000000' } },
        events: { create: { type: 'registered', actor: 'intake:li', payload: { channel: 'letter' }, idempotencyKey: `${data.workflowId}:registered` } },
      },
    });
    await tx.petitionEvent.create({
      data: { petitionId: petition.id, type: 'accepted', actor: 'intake:li', payload: {}, idempotencyKey: `${data.workflowId}:accepted` },
    });
    return tx.petition.findUniqueOrThrow({
      where: { id: petition.id },
      include: { events: { orderBy: { id: 'asc' } }, petitioner: true },
    });
  });
  expect(written.events.map((event) => event.type)).toEqual(['registered', 'accepted']);
  expect(typeof written.events[0].id).toBe('bigint');
  expect(written.petitioner?.name).toBe('张三');
  expect(written.claimAmount?.toString()).toBe('1234.5');
  expect(written.cooperatingDepartments).toEqual(['NURSING']);

  const reread = await prisma.petition.findUniqueOrThrow({ where: { number: data.number }, include: { events: true } });
  expect(reread.events).toHaveLength(2);
  expect(reread.complainedAbout).toEqual({ departments: ['NEURO'], staff: [] });

  const rolledBack = newPetition('rollback');
  await expect(
    prisma.$transaction(async (tx) => {
      await tx.petition.create({ data: rolledBack });
      throw new Error('abandon');
    }),
  ).rejects.toThrow('abandon');
  expect(await prisma.petition.findUnique({ where: { number: rolledBack.number } })).toBeNull();

  await prisma.petitionEvent.deleteMany({ where: { petitionId: written.id } });
  await prisma.petition.delete({ where: { id: written.id } });
  await prisma.petitioner.delete({ where: { id: written.petitionerId! } });
}
