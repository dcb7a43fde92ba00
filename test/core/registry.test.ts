import { describe, expect, it } from 'vitest';
import { closest } from '../../src/core/closest-name.js';
import { GbtuneError, UnknownNameError } from '../../src/core/errors.js';
import { Registry } from '../../src/core/registry.js';

class Circle {
  constructor(readonly r: number) {}
}
class Square {
  constructor(readonly side: number) {}
}
type Shape = Circle | Square;

interface ShapeOptionsByName {
  circle: { r?: number };
  square: { side: number };
  'rounded-square': { side?: number; radius?: number };
}

const SHAPES = new Registry<ShapeOptionsByName, Shape>('shape', {
  circle: { create: ({ r = 1 }) => new Circle(r), aliases: ['Circle', 'disc'] },
  square: { create: ({ side }) => new Square(side), aliases: ['SquareShape'] },
  'rounded-square': { create: ({ side = 1 }) => new Square(side), aliases: ['rounded_square', 'RoundedSquare'] },
});

describe('Registry', () => {
  it('lists the canonical names in the order of the entries', () => {
    expect(SHAPES.names).toEqual(['circle', 'square', 'rounded-square']);
    expect(SHAPES.family).toBe('shape');
  });

  it('resolves names and aliases in any case, ignoring surrounding spaces', () => {
    expect(SHAPES.resolve('circle')).toBe('circle');
    expect(SHAPES.resolve('CIRCLE')).toBe('circle');
    expect(SHAPES.resolve(' Disc ')).toBe('circle');
    expect(SHAPES.resolve('squareshape')).toBe('square');
    expect(SHAPES.resolve('Rounded_Square')).toBe('rounded-square');
    expect(SHAPES.lookup('triangle')).toBeUndefined();
    expect(SHAPES.has('roundedsquare')).toBe(true);
    expect(SHAPES.has('round')).toBe(false);
  });

  it('creates with the options of the name, and {} when none are given', () => {
    expect(SHAPES.create('circle', { r: 2 })).toEqual(new Circle(2));
    expect(SHAPES.create('circle')).toEqual(new Circle(1));
    expect(SHAPES.create('Disc', { r: 3 })).toEqual(new Circle(3));
    expect(SHAPES.create('square', { side: 4 })).toEqual(new Square(4));
    const runtimeName: string = 'rounded_square';
    expect(SHAPES.create(runtimeName, { side: 5 })).toEqual(new Square(5));
  });

  it('checks the options type per name at compile time', () => {
    // @ts-expect-error: square needs its side
    expect(() => SHAPES.create('square')).not.toThrow();
    // @ts-expect-error: r is a number
    expect(SHAPES.create('circle', { r: 'big' })).toBeInstanceOf(Circle);
    // @ts-expect-error: circle has no side
    expect(SHAPES.create('circle', { side: 1 })).toBeInstanceOf(Circle);
  });

  it('names the unknown name, the known ones and the nearest spelling', () => {
    const e = (() => {
      try {
        SHAPES.resolve('squre');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(UnknownNameError);
    expect((e as UnknownNameError).code).toBe('UNKNOWN_NAME');
    expect((e as Error).message).toBe("unknown shape 'squre'; did you mean 'square'? known: circle, square, rounded-square");
    expect((e as UnknownNameError).suggestion).toBe('square');
    // an alias is suggested as it is written
    expect(() => SHAPES.create('disk')).toThrow(/did you mean 'disc'\?/);
    // nothing near: no suggestion
    expect(() => SHAPES.create('hexagon')).toThrow("unknown shape 'hexagon'; known: circle, square, rounded-square");
  });

  it('shows names through display, and quotes what the caller shows while comparing the key', () => {
    const urls = new Registry<{ sqlite: string; inmemory: string }, string>(
      'storage',
      { sqlite: { create: (u) => `db:${u}` }, inmemory: { create: () => 'mem' } },
      { display: (s) => `${s}://...` },
    );
    expect(urls.create('sqlite', 'x.db')).toBe('db:x.db');
    const e = urls.unknownName('sqlit:///x.db', 'sqlit');
    expect(e.message).toBe("unknown storage 'sqlit:///x.db'; did you mean 'sqlite://...'? known: sqlite://..., inmemory://...");
  });

  it('refuses two entries sharing a spelling', () => {
    expect(
      () =>
        new Registry<{ a: object; b: object }, number>('thing', {
          a: { create: () => 1, aliases: ['x'] },
          b: { create: () => 2, aliases: ['X'] },
        }),
    ).toThrow(GbtuneError);
    expect(() => new Registry<{ a: object; b: object }, number>('thing', { a: { create: () => 1, aliases: ['B'] }, b: { create: () => 2 } })).toThrow(
      "thing registry: the spelling 'B' names both 'b' and 'a'",
    );
  });
});

describe('closest', () => {
  it('finds the nearest candidate within a typo distance, comparing in any case', () => {
    expect(closest('learning_rat', ['learning_rate', 'num_leaves'])).toBe('learning_rate');
    expect(closest('TPESampelr', ['random', 'TPESampler'])).toBe('TPESampler');
    expect(closest('nesterov', ['random', 'grid'])).toBeUndefined();
  });
});
