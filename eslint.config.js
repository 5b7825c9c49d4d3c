// Lint rules: typescript-eslint's recommended set plus the project's boundaries
// (ARCHITECTURE.md): only src/lib/db.ts imports the MySQL driver, nothing in
// src/ reads the wall clock directly, generated/ is never hand-edited.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/dist/**',
      '.build/**',
      '.wrangler/**',
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
    files: ['src/**/*.ts', 'services/*/src/**/*.ts'],
    ignores: ['src/lib/db.ts', 'services/*/src/db.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mysql2', message: 'Only src/lib/db.ts talks to MySQL.' },
            { name: 'mysql2/promise', message: 'Only src/lib/db.ts talks to MySQL.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/lib/clock.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use the request clock (src/lib/clock.ts).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the request clock (src/lib/clock.ts).',
        },
      ],
    },
  },
)
