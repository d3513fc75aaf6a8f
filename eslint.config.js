import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers: dependencies point down only (DESIGN.md). Each zone lists what a layer may not import. */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message: why })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp/', 'coverage/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  layer(['src/domain/**'], ['**/store/**', '**/api/**', '**/engine/**', '**/commands/**', '**/executors/**', '**/cli/**', '**/config*', 'pg', 'undici', 'fastify'], 'domain/ is pure: it imports nothing of the other layers and does no I/O.'),
  layer(['src/store/**'], ['**/api/**', '**/engine/**', '**/commands/**', '**/executors/**', '**/cli/**'], 'store/ knows SQL but not HTTP or the engine.'),
  layer(['src/sinks/**'], ['**/store/**', '**/api/**', '**/engine/**', '**/commands/**', '**/executors/**', '**/cli/**', '**/config*'], 'sinks/ take events in the domain\'s shape: they import only domain/ and their own files.'),
  layer(['src/executors/**'], ['**/store/**', '**/api/**', '**/engine/**', '**/cli/**'], 'executors/ do one call and never write the database.'),
  layer(['src/engine/**'], ['**/api/**', '**/commands/**', '**/cli/**'], 'engine/, api/ and commands/ meet only in store/ and domain/.'),
  layer(['src/api/**'], ['**/engine/**', '**/commands/**', '**/cli/**', 'pg'], 'api/ has no SQL and never imports engine/.'),
  // commands/ is a door beside api/: domain/, store/, config and the AMQP connection of sinks/, nothing else of ours.
  {
    files: ['src/commands/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/api/**', '**/engine/**', '**/executors/**', '**/cli/**', 'pg', 'fastify'], message: 'commands/ is a door beside api/: it meets the rest only in domain/ and store/.' },
          { group: ['**/sinks/**', '!**/sinks/amqp-connection.ts'], message: 'commands/ uses only the AMQP connection of sinks/.' },
        ],
      }],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['bin/**', '*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
