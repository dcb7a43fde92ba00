import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/data/utf8-stream.js';
import { readCsv } from '../../src/data/csv.js';
import { Rng } from '../../src/core/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decodes(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

describe('firstInvalidUtf8', () => {
  it('agrees with a fatal TextDecoder on random byte strings', () => {
    const rng = new Rng(1);
    // bytes biased toward lead/continuation bytes and edge values
    const pool = [0x41, 0x0a, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let t = 0; t < 5000; t++) {
      const b = new Uint8Array(1 + rng.below(8));
      for (let i = 0; i < b.length; i++) b[i] = pool[rng.below(pool.length)];
      const bad = firstInvalidUtf8(b, true);
      expect(bad === -1).toBe(decodes(b));
      if (bad >= 0) {
        expect(decodes(b.subarray(0, bad))).toBe(true);
        // the sequence starting at `bad` is itself broken: no valid prefix of the rest starts with it
        expect(decodes(b.subarray(0, Math.min(b.length, bad + 4)))).toBe(false);
      }
    }
  });

  it('valid text, including 4-byte characters', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('a é € 😀'), true)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xf0, 0x9f]), false)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xf0, 0x9f]), true)).toBe(1);
  });
});

describe('readCsv decoding across chunk boundaries', () => {
  it('a multi-byte character split by the 64 KiB read chunk decodes fine', async () => {
    const header = 'x,target\n';
    const filler = 'a'.repeat(65535 - header.length);
    // the 'é' (2 bytes) starts at byte 65535, so the first read chunk ends inside it
    const text = `${header}${filler}é,0\nb,1\n`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes[65535]).toBe(0xc3);
    const path = join(dir, 'split.csv');
    writeFileSync(path, bytes);
    const d = await readCsv(path);
    expect(d.nRows).toBe(2);
    expect(d.column('x')!.categories).toEqual([`${filler}é`, 'b']);
  });
});
