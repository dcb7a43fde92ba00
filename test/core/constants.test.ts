import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K_EPSILON, K_ZERO_THRESHOLD } from '../../src/core/constants.js';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('K_EPSILON', () => {
  it("is LightGBM's kEpsilon, the float 1e-15f read as a double", () => {
    expect(K_EPSILON).toBe(new Float32Array([1e-15])[0]);
    expect(K_EPSILON).toBe(1.0000000036274937e-15);
    expect(K_EPSILON).not.toBe(1e-15);
  });

  it('has one definition: no other module declares a constant of 1e-15 or its float', () => {
    const declares = /const\s+\w+\s*=\s*(Math\.fround\(\s*)?1(\.0*)?e-15\b/;
    const found = sources('src').filter((f) => !f.endsWith(join('core', 'constants.ts')) && declares.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});

describe('K_ZERO_THRESHOLD', () => {
  it("is LightGBM's kZeroThreshold, the float 1e-35f read as a double", () => {
    expect(K_ZERO_THRESHOLD).toBe(new Float32Array([1e-35])[0]);
    expect(K_ZERO_THRESHOLD).toBe(1.0000000180025095e-35);
  });

  it('has one definition: no other module declares a constant of 1e-35 or its float', () => {
    const declares = /const\s+\w+\s*=\s*(Math\.fround\(\s*)?1(\.0*)?e-35\b/;
    const found = sources('src').filter((f) => !f.endsWith(join('core', 'constants.ts')) && declares.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
