import nx from '@nx/eslint-plugin';

// Module boundaries: which kind of project may import which. Apps never import apps;
// only libs/tron touches tronweb; only libs/config reads process.env; test helpers stay in tests.
export default [
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
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:transport', 'type:tron', 'type:runtime', 'type:testing'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:models', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:tron', onlyDependOnLibsWithTags: ['type:util', 'type:models'] },
            { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:util', 'type:models'] },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:transport'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:util', 'type:models', 'type:transport', 'type:tron', 'type:runtime'],
            },
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
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
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
