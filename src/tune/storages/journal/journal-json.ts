/**
 * JSON as Python's `json` module writes and reads it, for journal records that Optuna also reads:
 * non-finite numbers are the bare tokens `NaN`, `Infinity` and `-Infinity` (which `JSON.parse`
 * refuses), and `-0` keeps its sign as `-0.0`. Parsing takes the fast path (`JSON.parse`) and
 * falls back to a small recursive-descent parser only when that fails; the fallback also tells a
 * record cut short (a writer killed mid-write: the text is a prefix of valid JSON) from a corrupt one.
 *
 * @example
 * ```ts
 * toPyJson({ values: [NaN, -Infinity, 0.5] }); // '{"values":[NaN,-Infinity,0.5]}'
 * parsePyJson('{"values":[NaN]}');            // { ok: true, value: { values: [NaN] } }
 * parsePyJson('{"values":[1.5');               // { ok: false, truncated: true, ... }
 * ```
 */

/** The outcome of {@link parsePyJson}. */
export type PyJsonParse =
  | { ok: true; value: unknown }
  | { ok: false; truncated: boolean; message: string };

/**
 * Serializes a JSON-like value the way Python's `json.dumps` accepts it back (see the module comment).
 *
 * @example
 * ```ts
 * toPyJson([NaN, -0, 1e-5]); // '[NaN,-0.0,0.00001]'
 * ```
 */
export function toPyJson(v: unknown): string {
  switch (typeof v) {
    case 'number':
      if (Number.isFinite(v)) return Object.is(v, -0) ? '-0.0' : String(v);
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) s += ',';
          const x = v[i] as unknown;
          s += x === undefined || typeof x === 'function' ? 'null' : toPyJson(x);
        }
        return s + ']';
      }
      let s = '{';
      let first = true;
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'function') continue;
        if (!first) s += ',';
        first = false;
        s += JSON.stringify(k) + ':' + toPyJson(x);
      }
      return s + '}';
    }
    default:
      return 'null';
  }
}

/**
 * Parses one JSON text, accepting Python's `NaN`, `Infinity`, `-Infinity` (see the module comment).
 *
 * @example
 * ```ts
 * parsePyJson('[Infinity]'); // { ok: true, value: [Infinity] }
 * ```
 */
export function parsePyJson(text: string): PyJsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // fall through to the tolerant parser, which also classifies the failure
  }
  const p = new Parser(text);
  try {
    p.ws();
    const value = p.value();
    p.ws();
    if (p.i < text.length) p.fail(`unexpected ${JSON.stringify(text[p.i])} after the value`);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, truncated: e.truncated, message: e.message };
    throw e;
  }
}

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: readonly [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    throw new ParseFailure(`${message} at character ${this.i + 1}`, false);
  }

  eof(): never {
    throw new ParseFailure('the text ends inside a value', true);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  value(): unknown {
    const s = this.s;
    if (this.i >= s.length) this.eof();
    const c = s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of LITERALS) {
      const rest = s.length - this.i;
      if (rest < word.length && word.startsWith(s.slice(this.i))) this.eof();
      if (s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER_RE.lastIndex = this.i;
      const m = NUMBER_RE.exec(s);
      if (m === null) {
        if (this.i + 1 >= s.length) this.eof();
        this.fail('malformed number');
      }
      this.i += m[0].length;
      // a number cut after '.', 'e', 'e-' ends the text: truncated
      if (this.i < s.length && /[.eE+-]/.test(s[this.i])) {
        if (/^[.eE+-]*$/.test(s.slice(this.i))) this.eof();
        this.fail('malformed number');
      }
      return Number(m[0]);
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    for (;;) {
      if (this.i >= s.length) this.eof();
      const c = s.charCodeAt(this.i);
      if (c === 34) break;
      if (c === 92) {
        if (this.i + 1 >= s.length) this.eof();
        if (s[this.i + 1] === 'u') {
          if (this.i + 6 > s.length) this.eof();
          this.i += 6;
        } else this.i += 2;
      } else if (c < 32) {
        this.fail('control character inside a string');
      } else this.i++;
    }
    this.i++;
    try {
      return JSON.parse(s.slice(start, this.i)) as string;
    } catch {
      this.i = start;
      return this.fail('malformed string escape');
    }
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.i >= this.s.length) this.eof();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== '"') this.fail('expected a quoted key');
      const k = this.string();
      this.ws();
      if (this.i >= this.s.length) this.eof();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      const v = this.value();
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
      this.ws();
      if (this.i >= this.s.length) this.eof();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or '}'");
      }
    }
  }
}
