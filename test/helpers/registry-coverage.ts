/**
 * Each family's conformance suite runs over every registered name: {@link coveringFactories} takes
 * the suite's factories grouped by the registered name they build (extra variants may share a
 * name; `extras` are factories outside the registry), returns them in the registry's order, and
 * registers a test that fails when a registered name has no factory or a group names no registered
 * name — so a new plug-in cannot be registered without joining its family's suite.
 *
 * @example
 * ```ts
 * const factories = coveringFactories('pruner', PRUNER_NAMES, { nop: [...], median: [...], ... });
 * describe.each(factories)('pruner conformance: $name', ...);
 * ```
 */
import { describe, expect, it } from 'vitest';

/** See the module comment. */
export function coveringFactories<F>(
  family: string,
  registered: readonly string[],
  byName: Readonly<Record<string, readonly F[]>>,
  extras: readonly F[] = [],
): F[] {
  describe(`${family} conformance suite`, () => {
    it(`has a factory for every registered ${family} name, and no group for an unregistered one`, () => {
      const missing = registered.filter((n) => (byName[n]?.length ?? 0) === 0);
      const unregistered = Object.keys(byName).filter((n) => !registered.includes(n));
      expect({ missing, unregistered }).toEqual({ missing: [], unregistered: [] });
    });
  });
  return [...registered.flatMap((n) => byName[n] ?? []), ...extras];
}
