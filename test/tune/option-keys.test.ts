/**
 * The option tables cover every registered pruner and sampler under each spelling the registries
 * accept (their keys are checked against the options interfaces by tsc).
 */
import { describe, expect, it } from 'vitest';
import { checkOptionKeys, normalPluginName, PRUNER_OPTION_KEYS, SAMPLER_OPTION_KEYS } from '../../src/tune/option-keys.js';
import { PRUNER_NAMES } from '../../src/tune/pruners/registry.js';
import { SAMPLER_NAMES } from '../../src/tune/samplers/registry.js';

describe('option tables', () => {
  it('have an entry for every registered name and its class name', () => {
    for (const n of PRUNER_NAMES) expect(Object.keys(PRUNER_OPTION_KEYS), n).toContain(normalPluginName(n));
    for (const n of SAMPLER_NAMES) expect(Object.keys(SAMPLER_OPTION_KEYS), n).toContain(normalPluginName(n));
    const spellings: [string, string][] = [
      ['SuccessiveHalvingPruner', 'successivehalving'],
      ['successive_halving', 'successivehalving'],
      ['NopPruner', 'nop'],
      ['CmaEsSampler', 'cmaes'],
      ['cma-es', 'cmaes'],
      ['NSGAIISampler', 'nsga2'],
      ['nsga-ii', 'nsga2'],
      ['brute-force', 'bruteforce'],
      ['TPESampler', 'tpe'],
    ];
    for (const [name, normal] of spellings) expect(normalPluginName(name)).toBe(normal);
  });

  it('accept a sampler instance or a function for a code-only option, and leave unknown names to the registry', () => {
    expect(() => checkOptionKeys('sampler', 'TPESampler', { gamma: (n: number) => Math.ceil(0.1 * n), nStartupTrials: 5 })).not.toThrow();
    expect(() => checkOptionKeys('sampler', 'gp', { independentSampler: { sampleIndependent: () => 0 } })).not.toThrow();
    expect(() => checkOptionKeys('sampler', 'no-such-sampler', { x: 1 })).not.toThrow();
    expect(() => checkOptionKeys('pruner', 'hyperband', { max_resource: 9 }, { display: (k) => k.toUpperCase() })).toThrow(
      "pruner 'hyperband' has no option 'MAX_RESOURCE'; its options: MINRESOURCE, MAXRESOURCE, REDUCTIONFACTOR, BOOTSTRAPCOUNT",
    );
  });
});
