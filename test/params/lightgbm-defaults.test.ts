// Parity of defaults, aliases and seed derivation with LightGBM 4.6: the parameters block that
// LightGBM wrote at the end of each fixture model.txt must equal what resolveParams makes of the
// params the fixture was trained with (fixtures.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/params/resolve.js';
import { PARAM_SPECS } from '../../src/params/schema.js';
import { FIXTURES } from '../helpers/lightgbm-fixtures.js';

const dir = new URL('../fixtures/lightgbm/', import.meta.url);

function lightgbmParams(name: string): Map<string, string> {
  const text = readFileSync(new URL(`${name}.model.txt`, dir), 'utf8');
  const start = text.indexOf('parameters:');
  return new Map([...text.slice(start).matchAll(/^\[([a-z_0-9]+): (.*)\]$/gm)].map((m) => [m[1], m[2]]));
}

function asLightgbmText(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  // a list of lists as LightGBM writes interaction_constraints: [0,1,2],[2,3]
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? `[${x.join(',')}]` : String(x))).join(',');
  return String(v);
}

describe.each(FIXTURES)('LightGBM 4.6 parameters block: $name', ({ name, params, num_boost_round }) => {
  it('equals resolveParams of the training params for every key gbtune has', () => {
    const lgb = lightgbmParams(name);
    const ours: Record<string, unknown> = resolveParams({ ...params, num_boost_round });
    let compared = 0;
    for (const spec of PARAM_SPECS) {
      const theirs = lgb.get(spec.name);
      if (theirs === undefined) continue; // e.g. seed-less keys LightGBM does not save
      expect(asLightgbmText(ours[spec.name]), spec.name).toBe(theirs);
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });
});
