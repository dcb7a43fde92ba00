/**
 * `gbtune/testing`: the conformance suites that gbtune runs over its own samplers and storages,
 * published so that a third-party sampler or storage can run the same checks in its own tests (as
 * Optuna ships `optuna.testing`). They register vitest tests, so vitest (an optional peer
 * dependency of gbtune) must be installed; nothing in the main `gbtune` entry imports this module.
 *
 * @example
 * ```ts
 * // my-storage.test.ts
 * import { runStorageConformance } from 'gbtune/testing';
 * import { MyStorage } from '../src/my-storage.js';
 *
 * runStorageConformance([{ name: 'my-storage', create: async () => new MyStorage(), dispose: async (s) => (s as MyStorage).destroy() }]);
 * ```
 */
export { runStorageConformance } from './storage-suite.js';
export type { StorageFactory } from './storage-suite.js';
export { runSamplerConformance, gridValues, expectInDistribution } from './sampler-suite.js';
export type { SamplerFactory } from './sampler-suite.js';
