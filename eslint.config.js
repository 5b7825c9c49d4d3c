// Lint rules: typescript-eslint's recommended set plus the project's boundaries:
// only the shared DB layer's connection module imports the MySQL driver,
// nothing in src/ reads the wall clock directly, generated/ is never hand-edited.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/dist/**',
      '.build/**',
      '**/.wrangler/**',
      'generated/**',
      'sdk/src/generated/**',
      'coverage/**',
      'test-results/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'services/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['packages/worker-kit/src/db/connection.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mysql2', message: 'Only packages/worker-kit/src/db/connection.ts talks to MySQL.' },
            {
              name: 'mysql2/promise',
              message: 'Only packages/worker-kit/src/db/connection.ts talks to MySQL.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use the clock module (src/platform/clock.ts).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the clock module (src/platform/clock.ts).',
        },
      ],
    },
  },
)
