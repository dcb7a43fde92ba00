/**
 * gbtune's optional peer dependencies: `pg` (a `postgresql://` storage), `ioredis` (a `redis://`
 * journal storage) and `@resvg/resvg-js` (PNG plots). None is loaded until a URL or a format asks
 * for it, so a user who needs none of them installs none of them; one that is missing then is an
 * error that names what needed it and the command that installs it.
 *
 * @example
 * ```ts
 * const pg = await importOptional('pg', () => import('pg'), (m) => new StorageError(m, 'MISSING_DRIVER'));
 * // without pg: StorageError 'postgresql:// storage needs the pg package: npm install pg'
 * ```
 */
import { createRequire } from 'node:module';
import type { GbtuneError } from './errors.js';

/** Each optional package and what needs it (the start of the error message). */
export const OPTIONAL_PACKAGES = {
  pg: 'postgresql:// storage',
  ioredis: 'redis:// storage',
  '@resvg/resvg-js': 'PNG output',
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** Builds the error thrown for a package that cannot be loaded, from its message. */
export type MissingPackageError = (message: string) => GbtuneError;

/** True when `e` says that `name` itself is not installed (not that something inside it failed). */
function isNotInstalled(name: OptionalPackage, e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * The message for a package that failed to load: `'<what> needs the <name> package: npm install
 * <name>'` when it is not installed, else the loader's own message (a broken install, a native
 * binary for another platform).
 *
 * @example
 * ```ts
 * missingPackageMessage('ioredis', { code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find package 'ioredis' imported from ..." });
 * // 'redis:// storage needs the ioredis package: npm install ioredis'
 * ```
 */
export function missingPackageMessage(name: OptionalPackage, e: unknown): string {
  const what = OPTIONAL_PACKAGES[name];
  if (isNotInstalled(name, e)) return `${what} needs the ${name} package: npm install ${name}`;
  return `${what} needs the ${name} package, which could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Loads an optional package with `load` (`() => import('pg')`, written out by the caller so that
 * the result is typed), turning a failure into `toError(missingPackageMessage(...))`.
 *
 * @example
 * ```ts
 * const { Redis } = await importOptional('ioredis', () => import('ioredis'), (m) => new StorageError(m, 'MISSING_DRIVER'));
 * ```
 */
export async function importOptional<T>(name: OptionalPackage, load: () => Promise<T>, toError: MissingPackageError): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw toError(missingPackageMessage(name, e));
  }
}

const require = createRequire(import.meta.url);

/**
 * Loads an optional CommonJS package synchronously (for a synchronous API such as `svgToPng`),
 * turning a failure into `toError(missingPackageMessage(...))`.
 *
 * @example
 * ```ts
 * const resvg = requireOptional<ResvgModule>('@resvg/resvg-js', (m) => new GbtuneError(m, 'PNG_UNAVAILABLE'));
 * ```
 */
export function requireOptional<T>(name: OptionalPackage, toError: MissingPackageError): T {
  try {
    return require(name) as T;
  } catch (e) {
    throw toError(missingPackageMessage(name, e));
  }
}
