import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test (*.test.ts, plain Node, fast).
// Integration tests (*.int.test.ts) use real servers on loopback and real filesystems.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,services,host,electron,cli,box,renderer,tests}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          setupFiles: ['tests/setup/no-unhandled-rejections.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
