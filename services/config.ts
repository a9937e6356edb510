import path from 'node:path';
import { z } from 'zod';

/** Every production setting comes from the environment; the defaults run the whole system on this machine. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.resolve(__dirname, '..', 'var')),
  HOSPITAL_CONFIG: z.string().default(path.resolve(__dirname, '..', 'config', 'hospital.json')),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('petitions'),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_UI_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_CATCHER_PORT: z.coerce.number().int().default(2525),
  MAIL_FROM: z.string().default('医院信访办公室 <xinfang@hospital.example>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof environmentSchema> & { publicBaseUrl: string };

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`配置错误 (invalid environment): ${problems}`);
  }
  const settings = parsed.data;
  return { ...settings, publicBaseUrl: settings.PUBLIC_BASE_URL ?? `http://localhost:${settings.PORT}` };
}
