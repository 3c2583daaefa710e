import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The process boundaries of architecture.md, enforced:
//   shared/            pure TypeScript: no Node, DOM or Electron
//   electron/services/ never imports 'electron'
//   renderer/          imports nothing from electron/, box/ or cli/, and no Node modules
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'util', 'url', 'buffer', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'dist-node/**', 'dist-box/**', 'box/backup-service/dist/**', 'release/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'shared/ is pure TypeScript: no Node modules.' },
            { group: ['electron', 'react', 'react-dom', 'ws', 'socket.io*', 'tar-stream'], message: 'shared/ is pure TypeScript: no runtime-specific packages.' },
            { group: ['**/electron/**', '**/renderer/**', '**/box/**', '**/cli/**'], message: 'shared/ imports only shared/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'box/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: "Services never import 'electron': pass what they need in through ServiceDeps." }],
          patterns: [{ group: ['**/renderer/**'], message: 'Node code does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'The renderer has no Node: ask the main process through the api.' },
            { group: ['electron', '**/electron/**', '**/box/**', '**/cli/**'], message: 'The renderer reaches the system only through the contract (useApi).' },
          ],
        },
      ],
    },
  },
  {
    // pm2 process files are CommonJS by convention (box/backup-service/ecosystem.config.cjs).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
