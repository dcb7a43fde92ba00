/**
 * Exhaustive search over discrete spaces (Optuna's `BruteForceSampler`,
 * `optuna/samplers/_brute_force.py`): every combination of int, stepped-float and categorical
 * values is tried once, conditional spaces included, and the study stops when none is left.
 *
 * The trials seen so far form a tree: a node per suggested param, a child per value; a path from
 * the root is one trial's params in suggestion order. A value is drawn among the children whose
 * subtree still has unexplored paths, weighted half by the number of unexplored paths and half
 * uniformly (so that no branch starves), preferring branches no running trial is exploring.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new BruteForceSampler({ seed: 0 }) });
 * await study.optimize((t) => t.suggestInt('a', 0, 2) + (t.suggestCategorical('b', [true, false]) ? 1 : 0));
 * study.trials.length; // 6
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import { isFinished, type FrozenTrial, type TrialState } from '../trial/frozen-trial.js';
import type { Sampler } from './base.js';
import { randomSeed } from './random.js';

/** Options of {@link BruteForceSampler}. */
export interface BruteForceSamplerOptions {
  /** Seed of the sampler's RNG. Default: a random seed. */
  seed?: number;
  /** Count paths explored by running trials as unexplored, so the study does not stop before they finish. Default false. */
  avoidPrematureStop?: boolean;
}

/** The candidate values of a distribution, as a signature (to check consistency) and a count. */
interface Choices {
  sig: string;
  n: number;
}

function choicesOf(name: string, d: Distribution): Choices {
  if (d.kind === 'categorical') return { sig: `c${d.choices.length}`, n: d.choices.length };
  if (d.kind === 'float' && d.step === null) {
    throw new TunerError(
      `BruteForceSampler: parameter '${name}' is a float without step; give a step (otherwise the search space is infinite)`,
    );
  }
  const step = d.step as number;
  const n = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  return { sig: `${d.kind}${d.low}:${d.high}:${step}`, n };
}

/** The index of an external value among the candidates, or -1 when it is off the grid. */
function indexOf(d: Distribution, v: ParamValue, n: number): number {
  if (d.kind === 'categorical') {
    const i = d.choices.findIndex((c) => c === v || (Number.isNaN(c) && Number.isNaN(v)));
    return i;
  }
  if (typeof v !== 'number') return -1;
  const k = (v - d.low) / (d.step as number);
  const r = Math.round(k);
  return Math.abs(k - r) < 1e-6 && r >= 0 && r < n ? r : -1;
}

function externalOf(d: Distribution, k: number): ParamValue {
  if (d.kind === 'categorical') return d.choices[k];
  const v = d.low + k * (d.step as number);
  return d.kind === 'int' ? Math.round(v) : Math.min(v, d.high);
}

/** A tree node: unexpanded (children null), running (unexpanded + running), leaf (children empty), internal. */
class TreeNode {
  paramName: string | null = null;
  sig: string | null = null;
  /** index → child; a null child is an unexpanded node */
  children: (TreeNode | null)[] | null = null;
  running = false;

  expand(name: string, c: Choices): boolean {
    if (this.children === null) {
      this.paramName = name;
      this.sig = c.sig;
      this.children = new Array<TreeNode | null>(c.n).fill(null);
      return true;
    }
    if (this.children.length === 0) return false; // a finished trial ended here
    if (this.paramName !== name || this.sig !== c.sig) {
      throw new TunerError(
        `BruteForceSampler: inconsistent search space: after the same params, one trial suggested '${this.paramName}' and another '${name}' (or with another range); the space must depend only on earlier params`,
      );
    }
    return true;
  }

  /** Follows one trial's path (name, choices, index), creating nodes; null when it leaves the tree. */
  addPath(path: readonly [string, Choices, number][]): TreeNode | null {
    let node: TreeNode = this;
    for (const [name, c, k] of path) {
      if (!node.expand(name, c)) return null;
      const ch = node.children as (TreeNode | null)[];
      if (k < 0 || k >= ch.length) return null;
      let next = ch[k];
      if (next === null) {
        next = new TreeNode();
        ch[k] = next;
      }
      node = next;
    }
    return node;
  }

  setLeaf(): void {
    if (this.children === null) this.children = [];
  }

  anyExpandable(excludeRunning: boolean): boolean {
    if (this.children === null) return !excludeRunning || !this.running;
    for (const c of this.children) if (c === null || c.anyExpandable(excludeRunning)) return true;
    return false;
  }

  countUnexpanded(excludeRunning: boolean): number {
    if (this.children === null) return excludeRunning && this.running ? 0 : 1;
    let n = 0;
    for (const c of this.children) n += c === null ? 1 : c.countUnexpanded(excludeRunning);
    return n;
  }

  /** A child index: half weighted by unexplored paths, half flat over the children with any. */
  sampleChild(rng: Rng, excludeRunning: boolean): number {
    const ch = this.children as (TreeNode | null)[];
    const counts = ch.map((c) => (c === null ? 1 : c.countUnexpanded(excludeRunning)));
    let total = 0;
    let nonzero = 0;
    for (const x of counts) {
      total += x;
      if (x > 0) nonzero++;
    }
    const w = counts.map((x) => 0.5 * (x / total) + 0.5 * (x > 0 ? 1 / nonzero : 0));
    const isRunning = (c: TreeNode | null): boolean => c !== null && c.running && c.children === null;
    if (ch.some((c, i) => !isRunning(c) && w[i] > 0)) {
      for (let i = 0; i < ch.length; i++) if (isRunning(ch[i])) w[i] = 0;
    }
    return rng.weightedIndex(w);
  }
}

/** See the module comment. */
export class BruteForceSampler implements Sampler {
  private readonly rng: Rng;
  private readonly avoidPrematureStop: boolean;

  constructor({ seed, avoidPrematureStop = false }: BruteForceSamplerOptions = {}) {
    this.rng = new Rng(seed ?? randomSeed());
    this.avoidPrematureStop = avoidPrematureStop;
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    const excludeRunning = !this.avoidPrematureStop;
    const others = study.getTrials({ states: ['COMPLETE', 'PRUNED', 'RUNNING', 'FAIL'] }).filter((t) => t.number !== trial.number);
    const c = choicesOf(paramName, distribution);
    const tree = new TreeNode();
    tree.expand(paramName, c);
    populate(tree, others, trial.params);
    const k = tree.anyExpandable(excludeRunning) ? tree.sampleChild(this.rng, excludeRunning) : this.rng.below(c.n);
    return externalOf(distribution, k);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState): void {
    const excludeRunning = !this.avoidPrematureStop;
    const trials = study.getTrials({ states: ['COMPLETE', 'PRUNED', 'RUNNING', 'FAIL'] }).map((t) =>
      t.number === trial.number ? { ...t, state, params: trial.params, distributions: trial.distributions } : t,
    );
    if (!trials.some((t) => t.number === trial.number)) trials.push({ ...trial, state });
    // the branch of this trial first, widening one param at a time (most trials share no prefix)
    const names = Object.keys(trial.params);
    for (let keep = names.length - 1; keep >= 0; keep--) {
      const prefix: Record<string, ParamValue> = {};
      for (let i = 0; i < keep; i++) prefix[names[i]] = trial.params[names[i]];
      const tree = new TreeNode();
      populate(tree, trials, prefix);
      if (tree.anyExpandable(excludeRunning)) return;
    }
    if (names.length === 0) {
      const tree = new TreeNode();
      populate(tree, trials, {});
      if (tree.anyExpandable(excludeRunning)) return;
    }
    study.stop?.();
  }

  reseedRng(): void {
    this.rng.reseed(randomSeed());
  }
}

function sameParam(a: ParamValue | undefined, b: ParamValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** Adds to `tree` the paths (below `params`) of the trials whose params include `params`. */
function populate(tree: TreeNode, trials: readonly FrozenTrial[], params: Readonly<Record<string, ParamValue>>): void {
  const fixed = Object.keys(params);
  for (const t of trials) {
    let match = true;
    for (const k of fixed) {
      if (!Object.prototype.hasOwnProperty.call(t.params, k) || !sameParam(t.params[k], params[k])) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    const path: [string, Choices, number][] = [];
    let onGrid = true;
    for (const name of Object.keys(t.distributions)) {
      if (Object.prototype.hasOwnProperty.call(params, name)) continue;
      const d = t.distributions[name];
      if (d.kind === 'float' && d.step === null) {
        onGrid = false;
        break;
      }
      const c = choicesOf(name, d);
      path.push([name, c, indexOf(d, t.params[name], c.n)]);
    }
    if (!onGrid) continue;
    const leaf = tree.addPath(path);
    if (leaf === null) continue;
    if (isFinished(t.state)) leaf.setLeaf();
    else leaf.running = true;
  }
}
