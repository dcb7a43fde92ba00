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
import {
  FairObjective,
  HuberObjective,
  RegressionL1Objective,
  RegressionL2Objective,
  type FairObjectiveParams,
  type HuberObjectiveParams,
} from './regression.js';
import { QuantileObjective, type QuantileObjectiveParams } from './quantile.js';
import { MapeObjective } from './mape.js';
import {
  GammaObjective,
  PoissonObjective,
  TweedieObjective,
  type PoissonObjectiveParams,
  type TweedieObjectiveParams,
} from './log-link.js';
import { CrossEntropyLambdaObjective, CrossEntropyObjective } from './cross-entropy.js';
import { MulticlassOvaObjective, type MulticlassOvaObjectiveParams } from './multiclass-ova.js';
import { PredictOnlyObjective, type OutputTransform } from './predict-only.js';
import { LambdarankObjective, RankXendcgObjective, type LambdarankParams, type RankXendcgParams } from './ranking.js';

/** The params objectives use (each takes its own slice of these). */
export type ObjectiveParams = Pick<
  GbdtParams,
  'objective' | 'num_class' | 'sigmoid' | 'is_unbalance' | 'scale_pos_weight' | 'alpha' | 'fair_c' | 'poisson_max_delta_step' | 'tweedie_variance_power'
  | 'lambdarank_truncation_level' | 'lambdarank_norm' | 'label_gain' | 'objective_seed'
>;

/** The params each trainable objective takes (its slice of the resolved params), per name. */
export interface ObjectiveOptionsByName {
  binary: BinaryObjectiveParams;
  multiclass: MulticlassObjectiveParams;
  regression: NoOptions;
  regression_l1: NoOptions;
  huber: HuberObjectiveParams;
  fair: FairObjectiveParams;
  poisson: PoissonObjectiveParams;
  quantile: QuantileObjectiveParams;
  mape: NoOptions;
  gamma: NoOptions;
  tweedie: TweedieObjectiveParams;
  multiclassova: MulticlassOvaObjectiveParams;
  cross_entropy: NoOptions;
  cross_entropy_lambda: NoOptions;
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
  fair: { create: (p) => new FairObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'fair') },
  poisson: { create: (p) => new PoissonObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'poisson') },
  quantile: { create: (p) => new QuantileObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'quantile') },
  mape: { create: () => new MapeObjective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'mape') },
  gamma: { create: () => new GammaObjective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'gamma') },
  tweedie: { create: (p) => new TweedieObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'tweedie') },
  multiclassova: { create: (p) => new MulticlassOvaObjective(p), aliases: aliasesIn(OBJECTIVE_ALIASES, 'multiclassova') },
  cross_entropy: { create: () => new CrossEntropyObjective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'cross_entropy') },
  cross_entropy_lambda: { create: () => new CrossEntropyLambdaObjective(), aliases: aliasesIn(OBJECTIVE_ALIASES, 'cross_entropy_lambda') },
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
  custom: 'identity',
};

/**
 * The objective of a model file's `objective=` line (LightGBM's `CreateObjectiveFunction(str)`):
 * every objective gbtune trains (`'binary sigmoid:1'`, `'multiclass num_class:3'`,
 * `'multiclassova num_class:3 sigmoid:1'`, `'regression'`, `'poisson'`, `'cross_entropy'`, ...;
 * `'lambdarank'`, `'rank_xendcg'`, ...; LightGBM writes the regression objectives without their
 * params, so those take LightGBM's defaults, which prediction does not use), and, for prediction
 * only, `custom` and `'regression sqrt'`. Throws {@link ModelFormatError} for anything else.
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
    // LightGBM writes these without their params (prediction does not need them): LightGBM's defaults
    case 'huber':
      return new HuberObjective({ alpha: 0.9 });
    case 'fair':
      return new FairObjective({ fair_c: 1 });
    case 'quantile':
      return new QuantileObjective({ alpha: 0.9 });
    case 'mape':
      return new MapeObjective();
    case 'poisson':
      return new PoissonObjective({ poisson_max_delta_step: 0.7 });
    case 'gamma':
      return new GammaObjective();
    case 'tweedie':
      return new TweedieObjective({ tweedie_variance_power: 1.5 });
    case 'cross_entropy':
      return new CrossEntropyObjective();
    case 'cross_entropy_lambda':
      return new CrossEntropyLambdaObjective();
    case 'multiclassova':
      return new MulticlassOvaObjective({ num_class: numClass(), sigmoid: sigmoid(), is_unbalance: false, scale_pos_weight: 1 });
    case 'lambdarank':
      return new LambdarankObjective();
    case 'rank_xendcg':
      return new RankXendcgObjective();
    default: {
      const transform = PREDICT_ONLY[type];
      if (transform !== undefined) return new PredictOnlyObjective(type, transform, line.trim());
      throw new ModelFormatError(
        `unknown objective '${type}' in objective line '${line}'; known: ${[...OBJECTIVE_NAMES, ...Object.keys(PREDICT_ONLY)].join(', ')}`,
        file,
      );
    }
  }
}
