// The seeded 1,000,000 x 28 numeric binary dataset of the speed benches (train-speed,
// train-csv-speed, predict-speed), and its caches under bench/.cache/: raw float64 (column-major
// features, then labels) for the Python references, which read it with numpy.fromfile, and a CSV
// for the benches that time reading a file.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/core/rng.js';

export const F = 28;
export const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/** Seeded features: mixtures of normals, some skewed, some discrete; label from a nonlinear logit. */
export function generate(n) {
  const rng = new Rng(20240601);
  const cols = [];
  for (let j = 0; j < F; j++) cols.push(new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      const z = rng.normal();
      cols[j][i] = j % 7 === 3 ? Math.exp(0.5 * z) : j % 7 === 5 ? Math.round(2 * z) : z;
    }
    const logit = 0.8 * cols[0][i] - 0.6 * cols[1][i] + 0.5 * cols[2][i] * cols[3][i] + Math.sin(2 * cols[4][i]) + 0.3 * cols[5][i] * cols[5][i] - 0.4 * Math.abs(cols[6][i]) + 0.2 * cols[10][i] - 0.3;
    y[i] = rng.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { cols, y };
}

/** Writes the raw float64 cache for n rows unless present; returns its path. */
export function rawCache(n, cols, y) {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `train-speed-${n}x${F}.f64`);
  if (existsSync(path) && statSync(path).size === (F + 1) * n * 8) return path;
  const fd = openSync(path + '.tmp', 'w');
  for (const c of [...cols, y]) writeSync(fd, new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  closeSync(fd);
  renameSync(path + '.tmp', path);
  return path;
}

/**
 * Writes the CSV cache for n rows unless present (header f0..f27,y; numbers as JavaScript
 * prints them, which read back as the same doubles); returns its path.
 */
export function csvCache(n, cols, y) {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `train-speed-${n}x${F}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const fd = openSync(path + '.tmp', 'w');
  writeSync(fd, `${[...cols.map((_, j) => `f${j}`), 'y'].join(',')}\n`);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const row = new Array(F + 1);
    for (let j = 0; j < F; j++) row[j] = cols[j][i];
    row[F] = y[i];
    lines.push(row.join(','));
    if (lines.length === 10000 || i === n - 1) {
      writeSync(fd, `${lines.join('\n')}\n`);
      lines.length = 0;
    }
  }
  closeSync(fd);
  renameSync(path + '.tmp', path);
  return path;
}
