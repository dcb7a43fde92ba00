/**
 * The trainer's thread switches for one describe block (or file): set before its tests, restored
 * after them, with the trainer pool closed. Tests of the threaded phases lower the switches' work
 * thresholds so that small data runs every phase on the workers.
 */
import { afterAll, beforeAll } from 'vitest';
import { closeTrainerPool, trainerPoolSwitches } from '../../src/gbdt/threads/trainer-pool.js';
import { threadSwitches } from '../../src/gbdt/tree/parallel-plan.js';
import { rowBlockSwitches } from '../../src/gbdt/tree/row-blocks.js';

/** What to set: each object's fields over its current values. */
export interface TrainerSwitches {
  threads?: Partial<typeof threadSwitches>;
  blocks?: Partial<typeof rowBlockSwitches>;
  /** Default `{ callerRunsTasks: false }`: the workers run every task. */
  pool?: Partial<typeof trainerPoolSwitches>;
}

/**
 * Registers a `beforeAll` that sets `switches` and an `afterAll` that restores all three switch
 * objects as they were and closes the trainer pool.
 *
 * @example
 * ```ts
 * describe('learner phases on threads', () => {
 *   useTrainerSwitches({ threads: { minTrainingWork: 0 }, blocks: { minRows: 1800 } });
 * });
 * ```
 */
export function useTrainerSwitches({ threads = {}, blocks = {}, pool = {} }: TrainerSwitches): void {
  const saved = { threads: { ...threadSwitches }, blocks: { ...rowBlockSwitches }, pool: { ...trainerPoolSwitches } };
  beforeAll(() => {
    Object.assign(threadSwitches, threads);
    Object.assign(rowBlockSwitches, blocks);
    Object.assign(trainerPoolSwitches, { callerRunsTasks: false }, pool);
  });
  afterAll(async () => {
    Object.assign(threadSwitches, saved.threads);
    Object.assign(rowBlockSwitches, saved.blocks);
    Object.assign(trainerPoolSwitches, saved.pool);
    await closeTrainerPool();
  });
}
