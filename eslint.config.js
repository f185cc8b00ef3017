import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.calsync/**',
      '**/storybook-static/**',
      // Temporary files tsup and vite write beside their configs while a build runs in parallel.
      '**/*.bundled_*.mjs',
      '**/*.timestamp-*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // With noUncheckedIndexedAccess, `rows[0]!` after `insert … returning` states an invariant.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The web components: Lit template rules and custom-element best practices.
    files: ['packages/elements/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/**/*.ts'],
    ...wc.configs['flat/best-practice'],
    rules: {
      ...wc.configs['flat/best-practice'].rules,
      // Attributes that shadow native ones (title, hidden…) and state writes while rendering.
      'lit/no-native-attributes': 'error',
      'lit/no-this-assign-in-render': 'error',
    },
  },
  {
    files: [
      '**/cli/**',
      '**/cli.ts',
      '**/admin-commands.ts',
      '**/bin.ts',
      'scripts/**',
      '**/*.test.ts',
      '**/test/**',
      '**/*.bench.ts',
      'apps/**/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
