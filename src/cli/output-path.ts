/**
 * Output paths are checked before any work (reading data, training, tuning), so that a typo in
 * `--out` costs a second, not a training run followed by an ENOENT stack.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GbtuneError } from '../index.js';

/** What an output option names: one file, or a folder that several files go into. */
export type OutputKind = 'file' | 'folder';

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Why files cannot be made in `dir`, or null when they can (tried with a probe file, as root ignores modes). */
function unwritable(dir: string): string | null {
  const probe = join(dir, `.gbtune-write-check.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EROFS') return 'read-only file system';
    return (e as Error).message;
  }
  unlinkSync(probe);
  return null;
}

/**
 * Checks that `path` can be written as the kind of output `option` names, and throws one
 * GbtuneError naming the option, the path and the problem otherwise: a file's folder must exist
 * and be writable, and the file must not be a folder; a folder must not be a file, and it (or,
 * when it does not exist yet, its nearest existing parent) must be writable. Nothing is created.
 *
 * @example
 * ```ts
 * checkOutputPath('/missing/dir/model.txt', { option: '--out', kind: 'file' });
 * // GbtuneError: --out /missing/dir/model.txt: the folder /missing/dir does not exist
 * ```
 */
export function checkOutputPath(path: string, { option, kind }: { option: string; kind: OutputKind }): void {
  const where = `${option} ${path}`;
  const fail = (problem: string): GbtuneError => new GbtuneError(`${where}: ${problem}`, 'OUTPUT_PATH');
  const full = resolve(path);
  const self = stat(full);
  if (kind === 'file') {
    if (self?.isDirectory() === true) throw fail('is a folder; give a file name');
    const parent = dirname(full);
    const ps = stat(parent);
    if (ps === null) throw fail(`the folder ${parent} does not exist`);
    if (!ps.isDirectory()) throw fail(`${parent} is not a folder`);
    const why = unwritable(parent);
    if (why !== null) throw fail(`cannot write in ${parent} (${why})`);
    return;
  }
  if (self !== null && !self.isDirectory()) throw fail('is a file, not a folder; give a folder (several files are written into it)');
  // the folder, or the nearest existing folder above it (the missing ones are made later)
  let dir = full;
  let ds = self;
  while (ds === null && dirname(dir) !== dir) {
    dir = dirname(dir);
    ds = stat(dir);
  }
  if (ds === null) throw fail('no part of the path exists');
  if (!ds.isDirectory()) throw fail(`${dir} is a file, not a folder`);
  const why = unwritable(dir);
  if (why !== null) throw fail(`cannot write in ${dir} (${why})`);
}
