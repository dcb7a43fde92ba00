import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // type tests (`*.test-d.ts`): compiled by tsc, not run; `npm test` passes --typecheck
    typecheck: {
      include: ['test/**/*.test-d.ts'],
      // the type tests and what they import only (tsconfig.json's full test tree is checked by `npm run typecheck`)
      tsconfig: './tsconfig.test-d.json',
    },
  },
});
