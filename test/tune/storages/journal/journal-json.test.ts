import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import { parsePyJson, toPyJson } from '../../../../src/tune/storages/journal/journal-json.js';

describe('journal JSON (Python json module dialect)', () => {
  it('writes non-finite numbers and -0 as Python does, and reads them back', () => {
    const v = { a: [NaN, Infinity, -Infinity, -0, 0.1 + 0.2, 5e-324, 1e21], s: 'NaN "Infinity"', n: null, b: [true, false] };
    const text = toPyJson(v);
    expect(text).toBe('{"a":[NaN,Infinity,-Infinity,-0.0,0.30000000000000004,5e-324,1e+21],"s":"NaN \\"Infinity\\"","n":null,"b":[true,false]}');
    const r = parsePyJson(text);
    expect(r.ok).toBe(true);
    const back = (r as { value: typeof v }).value;
    expect(back.a[0]).toBeNaN();
    expect(back.a.slice(1)).toEqual([Infinity, -Infinity, -0, 0.1 + 0.2, 5e-324, 1e21]);
    expect(Object.is(back.a[3], -0)).toBe(true);
    expect(back.s).toBe(v.s);
  });

  it('reads what Python json.dumps writes (spaces after separators, escapes)', () => {
    const r = parsePyJson('{"op_code": 6, "values": [NaN, -Infinity], "k": "\\u043a\\u043b\\u044e\\u0447"}');
    expect(r.ok).toBe(true);
    const v = (r as { value: { op_code: number; values: number[]; k: string } }).value;
    expect(v.op_code).toBe(6);
    expect(v.values[0]).toBeNaN();
    expect(v.values[1]).toBe(-Infinity);
    expect(v.k).toBe('ключ');
  });

  it('matches JSON.stringify / JSON.parse on random finite records (naive reference)', () => {
    const rng = new Rng(7);
    const rand = (depth: number): unknown => {
      const k = Math.floor(rng.random() * (depth > 2 ? 4 : 6));
      if (k === 0) return rng.random() * 1e6 - 5e5;
      if (k === 1) return `s${Math.floor(rng.random() * 1000)}\n"é\u2028`;
      if (k === 2) return rng.random() < 0.5;
      if (k === 3) return null;
      if (k === 4) return Array.from({ length: 3 }, () => rand(depth + 1));
      return { x: rand(depth + 1), 'y z': rand(depth + 1) };
    };
    for (let i = 0; i < 200; i++) {
      const v = { op_code: i % 10, data: rand(0) };
      const ours = toPyJson(v);
      expect(JSON.parse(ours)).toEqual(JSON.parse(JSON.stringify(v)));
      expect(parsePyJson(ours)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(v)) });
    }
  });

  it('tells a record cut short from a corrupt one', () => {
    const full = toPyJson({ op_code: 6, worker_id: 'w', values: [NaN, 1.5e-7], state: 1, attr: { k: 'välue' } });
    // every proper prefix of a record is "truncated"
    for (let n = 1; n < full.length; n++) {
      const r = parsePyJson(full.slice(0, n));
      expect(r.ok, full.slice(0, n)).toBe(false);
      expect((r as { truncated: boolean }).truncated, full.slice(0, n)).toBe(true);
    }
    for (const bad of ['{"a": 1}}', '{"a": nope}', 'garbage', '{"a" 1}', '{"a": 1,, "b": 2}', '{"a": "x"]']) {
      const r = parsePyJson(bad);
      expect(r.ok, bad).toBe(false);
      expect((r as { truncated: boolean }).truncated, bad).toBe(false);
    }
  });
});
