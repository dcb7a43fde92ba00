/**
 * Options built from text are checked against each pruner's and sampler's registry entry, under
 * every spelling the registries accept (the entries' keys are checked against the options
 * interfaces by tsc).
 */
import { describe, expect, it } from 'vitest';
import { TunerError } from '../../src/core/errors.js';
import { checkOptionKeys } from '../../src/tune/option-keys.js';
import { PRUNER_NAMES } from '../../src/tune/pruners/registry.js';
import { SAMPLER_NAMES } from '../../src/tune/samplers/registry.js';

describe('checkOptionKeys', () => {
  it('knows the options of every registered pruner and sampler: an unknown key is an error naming them', () => {
    for (const n of PRUNER_NAMES) expect(() => checkOptionKeys('pruner', n, { noSuchOption: 1 }), n).toThrow(new RegExp(`pruner '${n}' has no option 'noSuchOption'; (its options: |it takes no options)`));
    for (const n of SAMPLER_NAMES) expect(() => checkOptionKeys('sampler', n, { noSuchOption: 1 }), n).toThrow(new RegExp(`sampler '${n}' has no option 'noSuchOption'; its options: `));
  });

  it('checks under every spelling the registry accepts (class names, kebab and snake case, any case)', () => {
    const spellings: ['pruner' | 'sampler', string][] = [
      ['pruner', 'SuccessiveHalvingPruner'],
      ['pruner', 'successive_halving'],
      ['pruner', 'NopPruner'],
      ['sampler', 'CmaEsSampler'],
      ['sampler', 'cma-es'],
      ['sampler', 'NSGAIISampler'],
      ['sampler', 'nsga-ii'],
      ['sampler', 'brute-force'],
      ['sampler', 'TPESAMPLER'],
    ];
    for (const [family, name] of spellings) {
      let error: unknown;
      try {
        checkOptionKeys(family, name, { noSuchOption: 1 });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(TunerError);
      expect((error as TunerError).code).toBe('UNKNOWN_OPTION');
    }
  });

  it('accepts a function or an instance for a code-only option but not a plain value; leaves unknown names to the registry', () => {
    expect(() => checkOptionKeys('sampler', 'TPESampler', { gamma: (n: number) => Math.ceil(0.1 * n), nStartupTrials: 5 })).not.toThrow();
    expect(() => checkOptionKeys('sampler', 'gp', { independentSampler: { sampleIndependent: () => 0 } })).not.toThrow();
    expect(() => checkOptionKeys('sampler', 'tpe', { gamma: 0.1 })).toThrow("sampler 'tpe': option 'gamma' takes a function or an object, set from code (got 0.1)");
    expect(() => checkOptionKeys('sampler', 'no-such-sampler', { x: 1 })).not.toThrow();
    expect(() => checkOptionKeys('pruner', 'hyperband', { max_resource: 9 }, { display: (k) => k.toUpperCase() })).toThrow(
      "pruner 'hyperband' has no option 'MAX_RESOURCE'; its options: MINRESOURCE, MAXRESOURCE, REDUCTIONFACTOR, BOOTSTRAPCOUNT",
    );
  });

  it('an Object.prototype member is not an option', () => {
    expect(() => checkOptionKeys('pruner', 'median', { toString: 1 })).toThrow("pruner 'median' has no option 'toString'");
    expect(() => checkOptionKeys('pruner', 'nop', { constructor: 1 })).toThrow("pruner 'nop' has no option 'constructor'; it takes no options");
  });
});
