import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The floors of architecture.md, enforced (each rule is proven to fire by tests/boundaries.test.ts):
//   shared/               imports only shared/ (pure TypeScript: no Node, DOM or Electron)
//   services/             the engine: imports only shared/
//   host/, cli/, electron/ import services/, shared/ and the reference box in box/, never each other
//   renderer/             imports only shared/ (no Node: it reaches the system through the contract)
//   box/backup-service/   the box-side package (Node 16 on the box): imports only shared/
//   box/ (reference box)  may also use services/
//   only electron/ imports the 'electron' module; no import cycles anywhere.
// Tests and their fixtures (*.test.ts, *.int.test.ts, fixtures.ts, tests/, e2e/) may reach across
// floors to set up what they test; the cycle rule holds for them too.
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'util', 'url', 'buffer', 'events'];
const TEST_FILES = ['**/*.test.ts', '**/*.int.test.ts', '**/fixtures.ts', 'tests/**', 'e2e/**', 'scripts/**'];

/** A floor: files in `folder` may import from `allowed` (and npm packages) only. */
const floor = (folder, allowed, message) => ({
  target: `./${folder}`,
  from: './',
  except: [`./${folder}`, ...allowed.map((a) => `./${a}`), './node_modules'],
  message,
});
const FLOORS = [
  floor('shared', [], 'shared/ imports only shared/.'),
  floor('services', ['shared'], 'services/ (the engine) imports only shared/: hosts hand it what it needs (ServiceDeps).'),
  floor('host', ['services', 'shared', 'box'], 'host/ imports services/, shared/ and the reference box only (never cli/, electron/ or renderer/).'),
  floor('cli', ['services', 'shared', 'box'], 'cli/ imports services/, shared/ and the reference box only (never host/, electron/ or renderer/).'),
  floor('electron', ['services', 'shared', 'box'], 'electron/ imports services/, shared/ and the reference box only (never host/, cli/ or renderer/).'),
  floor('renderer', ['shared'], 'The renderer imports only shared/: it reaches the system through the contract (useApi).'),
  floor('box/backup-service', ['shared'], 'The box-side package runs on the box under Node 16: it imports only shared/.'),
  floor('box', ['shared', 'services'], 'The reference box imports shared/ and services/ only.'),
];
const NO_ELECTRON = { name: 'electron', message: "Only electron/ imports 'electron': services get Electron objects through ServiceDeps." };

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
    // Import resolution the way TypeScript resolves (extension-less relative imports to .ts/.tsx).
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      // Dependencies are parsed as TypeScript too, so no-cycle follows the whole graph.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: { 'import-x/no-restricted-paths': ['error', { zones: FLOORS }] },
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
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['services/**/*.ts', 'host/**/*.ts', 'cli/**/*.ts', 'box/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON] }] },
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
          paths: [NO_ELECTRON],
          patterns: [{ group: NODE_BUILTINS, message: 'The renderer has no Node: ask the main process through the api.' }],
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
