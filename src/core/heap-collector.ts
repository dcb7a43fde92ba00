/**
 * A full collection of this thread's heap on demand, without `node --expose-gc`: V8's `gc`
 * exposed at run time (as Jest does). Memory held only by garbage — typed arrays' buffers
 * included — is given back when V8 next collects, which a phase that allocates little on the JS
 * heap (a training on shared bins) may not do for a long time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * This thread's full-collection function, or null when V8 refuses to expose it.
 *
 * @example
 * ```ts
 * heapCollector()?.(); // frees the buffers of arrays no longer referenced, now
 * ```
 */
export function heapCollector(): (() => void) | null {
  if (collector !== undefined) return collector;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collector = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collector = null;
  }
  return collector;
}
