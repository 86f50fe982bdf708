import nx from '@nx/eslint-plugin';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Each project's eslint.config.mjs re-exports this one; basePath keeps every `files` pattern
// relative to the workspace root whichever project is linted.
const root = path.dirname(fileURLToPath(import.meta.url));

// Module boundaries: which kind of project may import which. Apps never import apps;
// only libs/tron touches tronweb; only libs/config reads process.env; test helpers stay in tests.
const config = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.nx', '**/lint-fixtures/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          // type:testing is allowed everywhere for specs; the no-restricted-imports rule below keeps
          // it out of production files.
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:transport', 'type:tron', 'type:runtime', 'type:testing'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
            { sourceTag: 'type:models', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
            { sourceTag: 'type:tron', onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:testing'] },
            { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:testing'] },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:transport', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:models'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'tronweb', message: 'Only libs/tron imports tronweb: use @tronpay/tron.' }],
          patterns: [{ group: ['tronweb/*'], message: 'Only libs/tron imports tronweb: use @tronpay/tron.' }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only libs/config reads process.env: inject the typed config.' },
      ],
    },
  },
  {
    files: ['libs/tron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['libs/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    // Specs, and the helpers next to them in an app's `testing/` folder (imported by specs only).
    ignores: ['**/*.spec.ts', 'libs/testing/**', 'apps/*/src/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'tronweb', message: 'Only libs/tron imports tronweb: use @tronpay/tron.' },
            { name: '@tronpay/testing', message: 'Test helpers are for specs only.' },
          ],
          patterns: [{ group: ['tronweb/*'], message: 'Only libs/tron imports tronweb: use @tronpay/tron.' }],
        },
      ],
    },
  },
  {
    files: ['libs/tron/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@tronpay/testing', message: 'Test helpers are for specs only.' }] },
      ],
    },
  },
];

export default config.map((entry) => ({ ...entry, basePath: root }));
