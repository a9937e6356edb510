// Prisma 7 reads the datasource URL from here, not from schema.prisma. Only the native CLI (`prisma migrate deploy`
// in an image built with internet) needs it; this repository migrates with infra/db/migrate-cli.ts instead.
import { defineConfig } from 'prisma/config';

const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
