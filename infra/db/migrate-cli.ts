// npm run db:migrate                  apply pending migrations to DATABASE_URL, or to PGlite at PGLITE_DIR/var/pglite
// npm run db:migration -- <name>      write prisma/migrations/<timestamp>_<name>/migration.sql from schema.prisma
// tsx infra/db/migrate-cli.ts check   exit 1 and print the SQL when schema.prisma and the migrations disagree
import path from 'node:path';
import { applyMigrations, createMigration, databaseTargetFromEnv, describeTarget, schemaDriftSql } from './migrate';

const USAGE = 'usage: tsx infra/db/migrate-cli.ts deploy | create <name> | check';

async function deploy(): Promise<number> {
  const target = databaseTargetFromEnv();
  const { applied } = await applyMigrations(target);
  const summary = applied.length ? `applied ${applied.length}: ${applied.join(', ')}` : 'no pending migrations';
  console.log(`${describeTarget(target)}: ${summary}`);
  return 0;
}

async function create(name: string | undefined): Promise<number> {
  if (!name) {
    console.error(`a migration name is required\n${USAGE}`);
    return 2;
  }
  const file = await createMigration(databaseTargetFromEnv(), name);
  if (!file) {
    console.log('schema.prisma already matches the migrations; nothing written');
    return 0;
  }
  console.log(`wrote ${path.relative(process.cwd(), file)}; review it, then run npm run db:migrate`);
  return 0;
}

async function check(): Promise<number> {
  const drift = await schemaDriftSql(databaseTargetFromEnv());
  if (!drift) {
    console.log('schema.prisma matches prisma/migrations');
    return 0;
  }
  console.error('schema.prisma differs from prisma/migrations; create a migration (npm run db:migration -- <name>). Missing SQL:');
  console.error(drift);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  switch (command) {
    case 'deploy':
      return deploy();
    case 'create':
      return create(name);
    case 'check':
      return check();
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
