/**
 * A warning a sampler gives once per study and subject (a param name), not once per trial: a
 * sampler that falls back to independent sampling for a param does so in every trial, and the
 * same line a hundred times hides every other message.
 */
import { log } from '../../core/log.js';

/**
 * Remembers which (study, subject) pairs were warned about.
 *
 * @example
 * ```ts
 * const once = new WarnOnce();
 * once.warn(study.studyName, 'lr', () => `'lr' is sampled independently`); // logged
 * once.warn(study.studyName, 'lr', () => `'lr' is sampled independently`); // not again
 * ```
 */
export class WarnOnce {
  private readonly seen = new Map<string, Set<string>>();

  /** Logs `message()` unless this study was already warned about `subject`. */
  warn(studyName: string, subject: string, message: () => string): void {
    let subjects = this.seen.get(studyName);
    if (subjects === undefined) {
      subjects = new Set();
      this.seen.set(studyName, subjects);
    }
    if (subjects.has(subject)) return;
    subjects.add(subject);
    log.warn(message());
  }
}
