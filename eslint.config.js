// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

/** Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no forgotten promises. */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'generated/**', 'var/**', 'test-artifacts/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflows run in a deterministic sandbox: no Node built-ins.' })),
            // Every cached workflow would evaluate it: policies are validated outside (activities/policy-schema.ts).
            { name: 'zod', message: 'No validator in the workflow sandbox: validate outside it and pass plain data.' },
          ],
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              message: 'Workflows own their activity contracts (workflows/activity-contracts/) and call activities through proxyActivities; they import nothing from activities/.',
            },
            { group: ['**/services', '**/services/**'], message: 'Workflows import nothing from services/.' },
          ],
        },
      ],
    },
  },
  {
    // The layers point one way: services → activities → workflows (domain, contracts). Activities get what services
    // provide handed in by the composition root (a link signer, the 考核 line), never imported.
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services', '**/services/**'], message: 'Activities import nothing from services/: the composition root hands it in.' }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
