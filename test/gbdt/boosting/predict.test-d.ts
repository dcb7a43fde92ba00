/**
 * Type tests (run by `vitest --typecheck`): `predict`'s return type follows its options — labels
 * or values by default, `Float64Array` for `raw` and `contrib`, `Int32Array` for `leaf` — and
 * `train` takes an `initModel` (a Booster or a path).
 */
import { describe, expectTypeOf, it } from 'vitest';
import { loadModel, train, type Booster, type Dataset } from '../../../src/index.js';

declare const data: Dataset;
declare const booster: Booster;

describe('predict output types', () => {
  it('follow the options', () => {
    expectTypeOf(booster.predict(data)).toEqualTypeOf<string[] | Float64Array>();
    expectTypeOf(booster.predict(data, { raw: true })).toEqualTypeOf<Float64Array>();
    expectTypeOf(booster.predict(data, { contrib: true })).toEqualTypeOf<Float64Array>();
    expectTypeOf(booster.predict(data, { leaf: true })).toEqualTypeOf<Int32Array>();
    expectTypeOf(booster.predict(data, { leaf: true, numIteration: 3 })).toEqualTypeOf<Int32Array>();
    expectTypeOf(booster.predictContrib(data)).toEqualTypeOf<Float64Array>();
    expectTypeOf(booster.predictLeaf(data)).toEqualTypeOf<Int32Array>();
    expectTypeOf(booster.refit(data, { decayRate: 0.5 })).toEqualTypeOf<Booster>();
  });

  it('train continues a Booster or a model file', () => {
    expectTypeOf(train({ objective: 'binary' }, data, { initModel: booster })).toEqualTypeOf<Booster>();
    expectTypeOf(train({ objective: 'binary' }, data, { initModel: 'model.txt' })).toEqualTypeOf<Booster>();
    // @ts-expect-error an init model is a Booster or a path, not a number
    train({ objective: 'binary' }, data, { initModel: 3 });
    expectTypeOf(loadModel('m.txt').predict(data, { contrib: true })).toEqualTypeOf<Float64Array>();
  });
});
