/**
 * One registry shape for every plug-in family (samplers, pruners, storages, objectives, metrics,
 * importance evaluators): a canonical name → a factory that takes that name's options, the other
 * spellings each name accepts (matched in any case: Optuna's class names such as `TPESampler`,
 * kebab or snake case, LightGBM's aliases), and one error for an unknown name that lists the known
 * names and suggests the nearest spelling ("did you mean").
 *
 * The options are typed per name by a map type `M` (name → options interface), so
 * `registry.create('median', { nWarmupSteps: 10 })` is checked against the median pruner's options
 * at compile time, and a name whose options have a required field needs them. A name only known at
 * run time (a `string`, e.g. from the CLI) takes a plain options object, checked by the factory.
 * Optuna has one base class per family and one way to look it up; this is that one way.
 *
 * @example
 * ```ts
 * interface ShapeOptionsByName { circle: { r?: number }; square: { side: number } }
 * const SHAPES = new Registry<ShapeOptionsByName, Shape>('shape', {
 *   circle: { create: ({ r = 1 }) => new Circle(r), aliases: ['Circle', 'disc'] },
 *   square: { create: ({ side }) => new Square(side) },
 * });
 * SHAPES.create('circle', { r: 2 });
 * SHAPES.create('DISC');   // any spelling, any case
 * SHAPES.resolve('squre'); // UnknownNameError: unknown shape 'squre'; did you mean 'square'? known: circle, square
 * ```
 */
import { closest } from './closest-name.js';
import { GbtuneError, UnknownNameError } from './errors.js';

/**
 * Every key of an options interface, each marked settable from text or JSON (`true`) or from code
 * only (`false`: a function, or an object such as a sampler instance). Typed from the interface,
 * so `tsc` fails when an option is added or renamed and its entry is not.
 */
export type OptionKeys<O> = { readonly [K in keyof Required<O>]: boolean };

/** How to make one registered implementation. */
export interface RegistryEntry<O, T> {
  /** Makes the implementation from its options (`{}` when the caller gives none). */
  create(options: O): T;
  /** Other accepted spellings besides the name, matched in any case. Default none. */
  aliases?: readonly string[];
  /**
   * The options it takes, for {@link Registry.checkOptions} (options built from text, such as the
   * CLI's, are checked before anything is made). Default: not checked.
   */
  optionKeys?: OptionKeys<O>;
}

/** The entries of a registry: one per name of the options map `M`, in the order they are listed. */
export type RegistryEntries<M, T> = { readonly [K in keyof M & string]: RegistryEntry<M[K], T> };

/**
 * The options argument of `create(name, ...)`: required when the options of `N` have a required
 * field, optional otherwise, and a plain object for a name not known at compile time.
 */
export type RegistryOptionsArg<M, N extends string> = N extends keyof M
  ? {} extends M[N]
    ? [options?: M[N]]
    : [options: M[N]]
  : [options?: object];

/** The options of a name that takes none. */
export type NoOptions = Record<string, never>;

/**
 * The spellings that an alias table (spelling → name, e.g. LightGBM's objective aliases) gives
 * `name`, for a registry entry's `aliases`.
 *
 * @example
 * ```ts
 * aliasesIn({ mse: 'regression', l2: 'regression', mae: 'regression_l1' }, 'regression'); // ['mse', 'l2']
 * ```
 */
export function aliasesIn(table: Readonly<Record<string, string>>, name: string): string[] {
  return Object.keys(table).filter((spelling) => table[spelling] === name);
}

/** Options of {@link Registry}. */
export interface RegistryOptions {
  /** How a name is shown in errors (e.g. `sqlite` → `sqlite://...`). Default: as is. */
  display?: (name: string) => string;
  /** The error class of a bad option (see {@link Registry.checkOptions}). Default `GbtuneError`. */
  optionError?: new (message: string, code?: string) => GbtuneError;
}

/** Options of {@link Registry.checkOptions}. */
export interface CheckOptionsOptions {
  /** How an option key is spelt in messages (the CLI shows Optuna's snake_case). Default: as is. */
  display?: (key: string) => string;
}

/** See the module comment. */
export class Registry<M extends object, T> {
  /** The canonical names, in the order the entries are listed. */
  readonly names: readonly (keyof M & string)[];
  private readonly bySpelling = new Map<string, keyof M & string>();
  /** Every accepted spelling as written (names first), the candidates of "did you mean". */
  private readonly spellings: string[] = [];
  private readonly display: (name: string) => string;
  private readonly optionError: new (message: string, code?: string) => GbtuneError;

  /**
   * @param family What the names name, for errors (`'sampler'`, `'importance evaluator'`).
   * @param entries One entry per name; two entries may not share a spelling.
   */
  constructor(
    readonly family: string,
    private readonly entries: RegistryEntries<M, T>,
    { display = (name) => name, optionError = GbtuneError }: RegistryOptions = {},
  ) {
    this.display = display;
    this.optionError = optionError;
    this.names = Object.keys(entries) as (keyof M & string)[];
    for (const name of this.names) this.add(name, name);
    for (const name of this.names) for (const alias of entries[name].aliases ?? []) this.add(alias, name);
  }

  private add(spelling: string, name: keyof M & string): void {
    const key = normalize(spelling);
    const had = this.bySpelling.get(key);
    if (had !== undefined && had !== name) {
      throw new GbtuneError(`${this.family} registry: the spelling '${spelling}' names both '${had}' and '${name}'`, 'REGISTRY_CONFLICT');
    }
    if (had === undefined) this.spellings.push(spelling);
    this.bySpelling.set(key, name);
  }

  /** The canonical name of a spelling (any case, surrounding spaces ignored), or undefined. */
  lookup(name: string): (keyof M & string) | undefined {
    return this.bySpelling.get(normalize(name));
  }

  /** True when `name` is a known spelling. */
  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** The canonical name of a spelling, or throws {@link UnknownNameError} (see {@link unknownName}). */
  resolve(name: string): keyof M & string {
    const found = this.lookup(name);
    if (found === undefined) throw this.unknownName(name);
    return found;
  }

  /**
   * The error for an unknown name: it quotes `shown`, lists the known names, and suggests the
   * spelling nearest to `key` (default `shown`; a storage URL is shown whole but its scheme is
   * compared).
   */
  unknownName(shown: string, key: string = shown): UnknownNameError {
    const near = closest(key.trim(), this.spellings);
    return new UnknownNameError(
      this.family,
      shown,
      this.names.map((n) => this.display(n)),
      near === undefined ? undefined : this.display(near),
    );
  }

  /**
   * Throws (the registry's `optionError`, naming the implementation and its options) when
   * `options` holds a key that `name` does not take, or gives a code-only option (a function, a
   * sampler) a plain value such as a number or a string, as text from a command line would. Names
   * without `optionKeys`, and unknown names (left to {@link resolve}), are not checked.
   *
   * @example
   * ```ts
   * PRUNERS.checkOptions('threshold', { lowr: 0.5 });
   * // TunerError: pruner 'threshold' has no option 'lowr'; its options: lower, upper, nWarmupSteps, intervalSteps
   * ```
   */
  checkOptions(name: string, options: Readonly<Record<string, unknown>>, { display = (key) => key }: CheckOptionsOptions = {}): void {
    const found = this.lookup(name);
    if (found === undefined) return;
    const known: Readonly<Record<string, boolean>> | undefined = this.entries[found].optionKeys;
    if (known === undefined) return;
    const names = Object.keys(known).map(display);
    const list = names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes no options';
    for (const [key, value] of Object.entries(options)) {
      const jsonOk = Object.hasOwn(known, key) ? known[key] : undefined; // not an Object.prototype member
      if (jsonOk === undefined) throw new this.optionError(`${this.family} '${name}' has no option '${display(key)}'; ${list}`, 'UNKNOWN_OPTION');
      const plain = value !== undefined && typeof value !== 'function' && (typeof value !== 'object' || value === null || Array.isArray(value));
      if (!jsonOk && plain) {
        throw new this.optionError(`${this.family} '${name}': option '${display(key)}' takes a function or an object, set from code (got ${JSON.stringify(value)})`, 'BAD_OPTION');
      }
    }
  }

  /** Makes the implementation registered under `name` (any accepted spelling) with `options`. */
  create<N extends string>(name: N, ...[options]: RegistryOptionsArg<M, N>): T {
    const entry = this.entries[this.resolve(name)] as RegistryEntry<unknown, T>;
    return entry.create(options ?? {});
  }
}

function normalize(spelling: string): string {
  return spelling.trim().toLowerCase();
}
