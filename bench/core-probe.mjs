// The round trip of a cache line between two threads (a worker and this one bouncing an Atomics
// word), in ns: how far apart the host placed the two cores a 2-thread training runs on. On the
// 2-vCPU development machine it reads ~100-150 ns when they share a cache and ~330-360 ns when
// they do not; the host moves them between the two over seconds, and every line one thread
// writes and the other reads costs accordingly (see README, train-speed).
import { Worker, isMainThread, workerData } from 'node:worker_threads';

const ROUNDS = 200_000;

if (!isMainThread && workerData?.coreProbe === true) {
  const a = new Int32Array(workerData.sab);
  Atomics.store(a, 16, 1);
  for (let i = 0; i < ROUNDS; i++) {
    while (Atomics.load(a, 0) !== 2 * i + 1);
    Atomics.store(a, 0, 2 * i + 2);
  }
}

/** The median-free single measurement of the round trip (about 0.1 s), in ns. */
export async function crossCoreRoundTrip() {
  const sab = new SharedArrayBuffer(256);
  const a = new Int32Array(sab);
  const w = new Worker(new URL(import.meta.url), { workerData: { coreProbe: true, sab } });
  while (Atomics.load(a, 16) !== 1);
  const t = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) {
    Atomics.store(a, 0, 2 * i + 1);
    while (Atomics.load(a, 0) !== 2 * i + 2);
  }
  const ns = Number(process.hrtime.bigint() - t) / ROUNDS;
  await w.terminate();
  return ns;
}
