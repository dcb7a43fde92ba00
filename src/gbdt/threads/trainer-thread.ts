/**
 * A trainer worker (see trainer-pool.ts): sleeps on the pool's phase word (`Atomics.wait`), and on
 * each new phase reads its messages (learners attached or detached), then claims and runs the
 * phase's tasks on the named learner's shared buffers until none is left. It never returns to its
 * event loop; it ends when the process exits (it is unref'd) or the pool terminates it.
 *
 * Shared memory lives while any thread holds an object over it: a worker that dropped a finished
 * learner's buffers still holds them until its own heap is collected, which an idle worker (it
 * allocates next to nothing) may not do for several trainings — each keeping its data's bins and
 * its learner's buffers alive (36 MB per 300k x 28 training, measured). So a worker collects its
 * heap once it has dropped a learner (V8's gc, exposed at run time as Jest does; a few ms per
 * training, while the calling thread goes on).
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { heapCollector } from '../../core/heap-collector.js';
import { log } from '../../core/log.js';
import { createObjective } from '../objective/registry.js';
import type { ObjectiveParams } from '../objective/registry.js';
import type { TaskKind } from '../tree/node-plan.js';
import { NodeTasks } from '../tree/node-tasks.js';
import { forgetResidentArrays } from '../tree/wasm-kernels.js';
import { PredictTasks } from './predict-tasks.js';
import { claimTask, Ctrl, spinWhile, type PhaseTasks, type TaskFailure, type ToTrainerThread } from './trainer-pool.js';

interface TrainerThreadData {
  ctrl: Int32Array;
  claim: BigInt64Array;
  index: number;
  port: MessagePort;
}

const collect = heapCollector();

/** Applies the pool's pending messages; collects the heap when a learner was dropped, then counts the drops. */
function drain(ctrl: Int32Array, port: MessagePort, learners: Map<number, PhaseTasks>, index: number): void {
  let dropped = 0;
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const msg = m.message as ToTrainerThread;
    if (msg.kind === 'attach') {
      const known = learners.get(msg.id);
      if (known instanceof NodeTasks) known.replaceParts(msg.parts);
      // worker i's region of a shared kernel memory is i + 1 (the calling thread's is 0)
      else learners.set(msg.id, new NodeTasks(msg.parts, (p) => createObjective(p as ObjectiveParams), index + 1));
    } else if (msg.kind === 'attach-predict') {
      learners.set(msg.id, new PredictTasks(msg.parts));
    } else if (learners.delete(msg.id)) dropped++;
  }
  if (dropped === 0) return;
  // the kernel memory's copies keep references to their source arrays (shared memory): let them go
  forgetResidentArrays();
  if (collect !== null) collect();
  Atomics.add(ctrl, Ctrl.dropped, dropped);
}

/** Claims and runs phase `gen`'s tasks (a function of its own: its locals die with it, see the module doc). */
function runPhase({ ctrl, claim, port, index }: TrainerThreadData, learners: Map<number, PhaseTasks>, gen: number): void {
  const tasks = learners.get(Atomics.load(ctrl, Ctrl.learner));
  const kind = Atomics.load(ctrl, Ctrl.kind) as TaskKind;
  // the calling thread is owner 0 of a phase's tasks, worker i owner i + 1 (see trainer-pool.ts)
  const owners = Atomics.load(ctrl, Ctrl.maxWorkers) + 1;
  const self = index + 1;
  if (tasks === undefined) return;
  for (let t = claimTask(claim, gen, self, owners); t >= 0; t = claimTask(claim, gen, self, owners)) {
    try {
      tasks.run(kind, t);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ name: err.name, message: err.message } satisfies TaskFailure);
      Atomics.store(ctrl, Ctrl.error, 1);
    }
    Atomics.add(ctrl, Ctrl.workerTasks, 1);
    Atomics.add(ctrl, Ctrl.done, 1);
    // cheap without a waiter; the calling thread may be waiting for fewer than n tasks (after a failure)
    Atomics.notify(ctrl, Ctrl.done);
  }
}

/** Serves phases forever. */
function serve(data: TrainerThreadData): void {
  const { ctrl, index, port } = data;
  const learners = new Map<number, PhaseTasks>();
  let seen = -1;
  for (;;) {
    const gen = Atomics.load(ctrl, Ctrl.gen);
    if (gen === seen) {
      // poll a while before sleeping: the next phase of a tree usually comes within microseconds
      if (!spinWhile(ctrl, Ctrl.gen, gen, Atomics.load(ctrl, Ctrl.spin))) Atomics.wait(ctrl, Ctrl.gen, gen);
      continue;
    }
    seen = gen;
    drain(ctrl, port, learners, index);
    if (index < Atomics.load(ctrl, Ctrl.maxWorkers)) runPhase(data, learners, gen);
  }
}

// the calling thread already warned about anything a rebuilt objective would warn about again
log.setLevel('error');
serve(workerData as TrainerThreadData);
