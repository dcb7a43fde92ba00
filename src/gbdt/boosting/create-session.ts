/**
 * The boosting session for `params.boosting`: {@link BoostingSession} (gbdt),
 * {@link DartSession} (dart) or {@link RandomForestSession} (rf). `train` and `cv` make their sessions here.
 */
import { DartSession } from './dart.js';
import { RandomForestSession } from './rf.js';
import { BoostingSession } from './session.js';

/**
 * A session of the params' boosting type (the arguments are {@link BoostingSession}'s).
 *
 * @example
 * ```ts
 * const s = createSession(params, binned, label, null, objective, metrics, valids);
 * ```
 */
export function createSession(...args: ConstructorParameters<typeof BoostingSession>): BoostingSession {
  const boosting = args[0].boosting;
  if (boosting === 'dart') return new DartSession(...args);
  if (boosting === 'rf') return new RandomForestSession(...args);
  return new BoostingSession(...args);
}
