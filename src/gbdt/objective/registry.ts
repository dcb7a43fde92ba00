/**
 * The objective registry: a name (or LightGBM alias) → an {@link Objective}, and a model.txt
 * `objective=` line → the objective that predicts with it.
 *
 * @example
 * ```ts
 * const obj = createObjective({ ...resolveParams({ objective: 'binary' }) });
 * obj.toString(); // 'binary sigmoid:1'
 * parseObjectiveLine('multiclass num_class:3').numModelPerIteration; // 3
 * ```
 */
import { ModelFormatError } from '../../core/errors.js';
import { aliasesIn, Registry, type NoOptions } from '../../core/registry.js';
import type { GbdtParams } from '../../params/resolved.js';
import { OBJECTIVE_ALIASES, OBJECTIVE_NAMES, type ObjectiveName } from '../../params/schema.js';
import type { Objective } from './objective.js';
import { BinaryObjective, type BinaryObjectiveParams } from './binary.js';
import { MulticlassObjective, type MulticlassObjectiveParams } from './multiclass.js';
import { HuberObjective, RegressionL1Objective, RegressionL2Objective, type HuberObjectiveParams } from './regression.js';
import { PredictOnlyObjective, type OutputTransform } from './predict-only.js';
import { LambdarankObjective, RankXendcgObjective, type LambdarankParams, type RankXendcgParams } from './ranking.js';

/** The params objectives use (each takes its own slice of these). */
export type ObjectiveParams = Pick<
  GbdtParams,
  'objective' | 'num_class' | 'sigmoid' | 'is_unbalance' | 'scale_pos_weight' | 'alpha' | 'lambdarank_truncation_level' | 'lambdarank_norm' | 'label_gain' | 'objective_seed'
>;

/** The params each trainable objective takes (its slice of the resolved params), per name. */
export interface ObjectiveOptionsByName {
  binary: BinaryObjectiveParams;
  multiclass: MulticlassObjectiveParams;
  regression: NoOptions;
  regression_l1: NoOptions;
  huber: HuberObjectiveParams;
  lambdarank: LambdarankParams;
  rank_xendcg: RankXendcgParams;
}

/** The trainable objectives by name (the params table's names, in its order), with LightGBM's aliases. */
export const OBJECTIVES = new Registry<ObjectiveOptionsByName, Objective>('objective', {
  binary: { create: (p) => new BinaryObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'binary') },
  multiclass: { create: (p) => new MulticlassObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'multiclass') },
  regression: { create: () => new RegressionL2Objective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'regression') },
  regression_l1: { create: () => new RegressionL1Objective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'regression_l1') },
  huber: { create: (p) => new HuberObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'huber') },
  lambdarank: { create: (p) => new LambdarankObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'lambdarank') },
  rank_xendcg: { create: (p) => new RankXendcgObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'rank_xendcg') },
});

/** The canonical objective name of `name` (a name or LightGBM alias, any case), or throws `UnknownNameError`. */
export function canonicalObjectiveName(name: string): ObjectiveName {
  return OBJECTIVES.resolve(name);
}

/**
 * A new objective for training, from resolved params. `objective` may also be an alias.
 * Call `init(labels, weights)` before use.
 *
 * @example
 * ```ts
 * const obj = createObjective(resolveParams({ objective: 'huber', alpha: 2 }));
 * ```
 */
export function createObjective(params: ObjectiveParams): Objective {
  return OBJECTIVES.create(params.objective, params);
}

/** LightGBM objectives gbtune loads for prediction only, with their output transforms. */
const PREDICT_ONLY: Readonly<Record<string, OutputTransform>> = {
  quantile: 'identity',
  fair: 'identity',
  mape: 'identity',
  custom: 'identity',
  poisson: 'exp',
  gamma: 'exp',
  tweedie: 'exp',
  cross_entropy: 'sigmoid',
  cross_entropy_lambda: 'log1p_exp',
};

/**
 * The objective of a model file's `objective=` line (LightGBM's `CreateObjectiveFunction(str)`):
 * `'binary sigmoid:1'`, `'multiclass num_class:3'`, `'regression'`, `'regression_l1'`, `'huber'`, `'lambdarank'`, `'rank_xendcg'`,
 * and, for prediction only, LightGBM's other objectives (`'poisson'`, `'regression sqrt'`,
 * `'multiclassova num_class:3 sigmoid:1'`, ...). Throws {@link ModelFormatError} for anything else.
 *
 * @example
 * ```ts
 * const obj = parseObjectiveLine('binary sigmoid:1');
 * const p = new Float64Array(1);
 * obj.convertOutput([0], p); // p[0] = 0.5
 * ```
 */
export function parseObjectiveLine(line: string, { file }: { file?: string } = {}): Objective {
  const tokens = line.trim().split(/\s+/);
  const type = tokens[0] ?? '';
  const fields = new Map<string, string>();
  const flags = new Set<string>();
  for (const t of tokens.slice(1)) {
    const i = t.indexOf(':');
    if (i > 0) fields.set(t.slice(0, i), t.slice(i + 1));
    else flags.add(t);
  }
  const num = (key: string): number => {
    const v = fields.get(key);
    const x = v === undefined ? NaN : Number(v);
    if (!Number.isFinite(x)) {
      throw new ModelFormatError(`objective line '${line}' needs a numeric ${key} field (e.g. '${type} ${key}:${key === 'sigmoid' ? 1 : 3}')`, file);
    }
    return x;
  };
  const numClass = (): number => {
    const k = num('num_class');
    if (!Number.isInteger(k) || k < 2) throw new ModelFormatError(`objective line '${line}': num_class must be an integer > 1`, file);
    return k;
  };
  const sigmoid = (): number => {
    const s = num('sigmoid');
    if (!(s > 0)) throw new ModelFormatError(`objective line '${line}': sigmoid must be > 0`, file);
    return s;
  };
  const sqrt = flags.has('sqrt');
  switch (type) {
    case 'binary':
      return new BinaryObjective({ sigmoid: sigmoid(), is_unbalance: false, scale_pos_weight: 1 });
    case 'multiclass':
      return new MulticlassObjective({ num_class: numClass() });
    case 'regression':
      return sqrt ? new PredictOnlyObjective('regression', 'signed_square', line.trim()) : new RegressionL2Objective();
    case 'regression_l1':
      return sqrt ? new PredictOnlyObjective('regression_l1', 'signed_square', line.trim()) : new RegressionL1Objective();
    case 'huber':
      return new HuberObjective({ alpha: 0.9 });
    case 'lambdarank':
      return new LambdarankObjective();
    case 'rank_xendcg':
      return new RankXendcgObjective();
    case 'multiclassova': {
      const k = numClass();
      return new PredictOnlyObjective('multiclassova', 'sigmoid_each', line.trim(), k, sigmoid());
    }
    default: {
      const transform = PREDICT_ONLY[type];
      if (transform !== undefined) return new PredictOnlyObjective(type, transform, line.trim());
      throw new ModelFormatError(
        `unknown objective '${type}' in objective line '${line}'; known: ${[...OBJECTIVE_NAMES, 'multiclassova', ...Object.keys(PREDICT_ONLY)].join(', ')}`,
        file,
      );
    }
  }
}
