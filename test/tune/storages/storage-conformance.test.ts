/**
 * The storage conformance suite (src/testing/storage-suite.ts, published as `gbtune/testing`) over
 * every registered storage, each opened by its URL. A registered scheme without a factory here
 * fails the coverage test.
 */
import { runStorageConformance, type StorageFactory } from '../../../src/testing/storage-suite.js';
import { getStorage, STORAGE_NAMES, type StorageName } from '../../../src/tune/storages/registry.js';
import { coveringFactories } from '../../helpers/registry-coverage.js';
import { journalFileFactory, journalRedisFactory } from './journal/factories.js';
import { postgresFactory, sqliteFactory } from './rdb/factories.js';

const BY_NAME: Record<StorageName, StorageFactory[]> = {
  inmemory: [{ name: 'inmemory', create: () => getStorage('inmemory://') }],
  journal: [journalFileFactory],
  redis: [journalRedisFactory],
  sqlite: [sqliteFactory],
  postgresql: [postgresFactory],
};

runStorageConformance(coveringFactories('storage', STORAGE_NAMES, BY_NAME));
