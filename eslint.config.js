import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Every user-facing string goes through vue-i18n.
      'vue/no-bare-strings-in-template': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-console': 'off',
      // Template layout is a formatter's matter, not a correctness one.
      'vue/singleline-html-element-content-newline': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['server/**', 'scripts/**', 'tests/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tests define small host components next to each other.
    files: ['tests/**'],
    rules: { 'vue/one-component-per-file': 'off' },
  },
  {
    files: ['src/**', 'server/**'],
    ignores: ['server/storage/**'],
    rules: {
      // All SQL and every driver live in server/storage/ (docs/architecture.md).
      'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'pg', 'kysely'] }],
    },
  },
  {
    files: ['src/**'],
    rules: {
      // The password strength check and its dictionary (about 1 MB) stay on the server: never in an applicant's download.
      'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'pg', 'kysely'], patterns: ['@zxcvbn-ts/*'] }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      // Shared with the server: no Vue, Dexie, DOM or Node. (After the blocks above: a later block's rule replaces theirs.)
      'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'pg', 'kysely'], patterns: ['vue', 'vue-*', 'pinia', 'dexie', 'node:*', '@/*', '@zxcvbn-ts/*'] }],
    },
  },
  {
    files: ['server/services/**', 'server/storage/**', 'server/config.ts', 'server/main.ts'],
    rules: {
      // HTTP (status codes, middleware) belongs to routes and app.ts; services throw domain errors.
      'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'pg', 'kysely', 'express'], patterns: ['**/http/*'] }],
    },
  },
  {
    files: ['server/storage/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['express'], patterns: ['**/http/*', '**/services/*', '**/routes/*'] }] },
  },
)
