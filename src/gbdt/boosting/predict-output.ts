/**
 * The output transform (link function) named by a model's LightGBM objective line, e.g.
 * `'binary sigmoid:1'` → sigmoid, `'multiclass num_class:3'` → softmax (LightGBM's
 * `ObjectiveFunction::ConvertOutput` in `src/objective/*.hpp`).
 */
import { ModelFormatError } from '../../core/errors.js';

/** Turns one row's raw scores into outputs; `out` has as many entries as `raw`. */
export type OutputTransform = (raw: ArrayLike<number>, out: Float64Array) => void;

const identity: OutputTransform = (raw, out) => {
  for (let j = 0; j < out.length; j++) out[j] = raw[j];
};

function sigmoidWith(scale: number): OutputTransform {
  return (raw, out) => {
    for (let j = 0; j < out.length; j++) out[j] = 1 / (1 + Math.exp(-scale * raw[j]));
  };
}

/** LightGBM's `Common::Softmax`: subtract the max, exponentiate, normalise. */
const softmax: OutputTransform = (raw, out) => {
  let max = raw[0];
  for (let j = 1; j < out.length; j++) if (raw[j] > max) max = raw[j];
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    out[j] = Math.exp(raw[j] - max);
    sum += out[j];
  }
  for (let j = 0; j < out.length; j++) out[j] /= sum;
};

const exponential: OutputTransform = (raw, out) => {
  for (let j = 0; j < out.length; j++) out[j] = Math.exp(raw[j]);
};

const signedSquare: OutputTransform = (raw, out) => {
  for (let j = 0; j < out.length; j++) out[j] = Math.sign(raw[j]) * raw[j] * raw[j];
};

/** Reads `key:value` tokens of an objective line. */
function tokenValue(tokens: readonly string[], key: string): string | undefined {
  for (const t of tokens) if (t.startsWith(`${key}:`)) return t.slice(key.length + 1);
  return undefined;
}

/**
 * The transform for an objective line. Unknown objectives are a {@link ModelFormatError}.
 *
 * @example
 * ```ts
 * const f = outputTransform('binary sigmoid:1');
 * const out = new Float64Array(1);
 * f([0], out); // out[0] === 0.5
 * ```
 */
export function outputTransform(objectiveLine: string): OutputTransform {
  const tokens = objectiveLine.trim().split(/\s+/);
  const name = tokens[0] ?? '';
  switch (name) {
    case 'binary': {
      const s = Number(tokenValue(tokens, 'sigmoid') ?? '1');
      return sigmoidWith(Number.isFinite(s) ? s : 1);
    }
    case 'multiclassova': {
      const s = Number(tokenValue(tokens, 'sigmoid') ?? '1');
      return sigmoidWith(Number.isFinite(s) ? s : 1);
    }
    case 'cross_entropy':
    case 'xentropy':
      return sigmoidWith(1);
    case 'multiclass':
    case 'softmax':
      return softmax;
    case 'poisson':
    case 'gamma':
    case 'tweedie':
      return exponential;
    case 'regression':
    case 'regression_l2':
    case 'regression_l1':
    case 'huber':
    case 'fair':
    case 'quantile':
    case 'mape':
      return tokens.includes('sqrt') ? signedSquare : identity;
    case '':
    case 'custom':
    case 'none':
    case 'lambdarank':
    case 'rank_xendcg':
      return identity;
    default:
      throw new ModelFormatError(`unknown objective '${objectiveLine}' (cannot turn raw scores into predictions)`);
  }
}
