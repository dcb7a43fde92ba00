/**
 * pg, ioredis and @resvg/resvg-js are optional peer dependencies: every entry loads without them,
 * and the URL or format that needs one says which package to install. Checked the way a user
 * without them runs gbtune: a child process over a copy of the compiled dist/ (built by `npm test`)
 * whose node_modules holds every installed package except those three, importing the entries
 * through the package name.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/core/errors.js';
import { importOptional, missingPackageMessage, OPTIONAL_PACKAGES, requireOptional } from '../../src/core/optional-package.js';
import { packageEntries } from '../helpers/package-entries.js';

const OPTIONAL = Object.keys(OPTIONAL_PACKAGES);
const toError = (m: string): StorageError => new StorageError(m, 'MISSING_DRIVER');

describe('importOptional, requireOptional', () => {
  it('names the package and the npm command when the package itself is not installed', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'pg' imported from /app/dist/x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const e = await importOptional('pg', () => Promise.reject(notFound), toError).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).message).toBe('postgresql:// storage needs the pg package: npm install pg');
    expect((e as StorageError).code).toBe('MISSING_DRIVER');
    const cjs = Object.assign(new Error("Cannot find module 'ioredis'\nRequire stack: ..."), { code: 'MODULE_NOT_FOUND' });
    expect(missingPackageMessage('ioredis', cjs)).toBe('redis:// storage needs the ioredis package: npm install ioredis');
  });

  it('passes on the loader\'s message when the package is there but fails to load', () => {
    const inner = Object.assign(new Error("Cannot find module 'pg-native'"), { code: 'MODULE_NOT_FOUND' });
    expect(missingPackageMessage('pg', inner)).toBe("postgresql:// storage needs the pg package, which could not be loaded: Cannot find module 'pg-native'");
    expect(missingPackageMessage('@resvg/resvg-js', new Error('wrong ELF class'))).toBe(
      'PNG output needs the @resvg/resvg-js package, which could not be loaded: wrong ELF class',
    );
  });

  it('returns the package when it loads', async () => {
    expect(await importOptional('pg', async () => 42, toError)).toBe(42);
    const resvg = requireOptional<{ Resvg: unknown }>('@resvg/resvg-js', toError);
    expect(typeof resvg.Resvg).toBe('function');
  });
});

describe('gbtune without its optional packages (a child process over a copy of dist/)', () => {
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gbtune-no-optional-'));
    cpSync('dist', join(dir, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.endsWith('.d.ts') });
    cpSync('package.json', join(dir, 'package.json'));
    // every installed package but the optional ones, linked from the real node_modules
    const real = realpathSync('node_modules');
    const modules = join(dir, 'node_modules');
    mkdirSync(modules);
    for (const name of readdirSync(real)) {
      if (name.startsWith('.')) continue;
      if (!name.startsWith('@')) {
        if (!OPTIONAL.includes(name)) symlinkSync(join(real, name), join(modules, name), 'dir');
        continue;
      }
      for (const sub of readdirSync(join(real, name))) {
        if (OPTIONAL.includes(`${name}/${sub}`)) continue;
        mkdirSync(join(modules, name), { recursive: true });
        symlinkSync(join(real, name, sub), join(modules, name, sub), 'dir');
      }
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads every entry, runs a study, and says which package a postgresql:// or redis:// URL or a PNG needs', () => {
    const specifiers = packageEntries().map((e) => e.specifier).filter((s) => s !== 'gbtune/testing');
    const script = `
      const out = { loaded: [], errors: {} };
      for (const s of ${JSON.stringify(specifiers)}) { await import(s); out.loaded.push(s); }
      for (const p of ${JSON.stringify(OPTIONAL)}) {
        try { await import(p); out[p] = 'installed'; } catch (e) { out[p] = e.code; }
      }
      const { createStudy, RandomSampler } = await import('gbtune');
      const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
      await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
      out.trials = study.trials.length;
      const { getStorage } = await import('gbtune/storages');
      const { svgToPng } = await import('gbtune/viz');
      const catchIt = async (f) => { try { await f(); return null; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
      out.errors.postgresql = await catchIt(() => getStorage('postgresql://gbtune@127.0.0.1:1/none'));
      out.errors.redis = await catchIt(() => getStorage('redis://127.0.0.1:1/0'));
      out.errors.png = await catchIt(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'));
      process.stdout.write(JSON.stringify(out));
    `;
    writeFileSync(join(dir, 'check.mjs'), script);
    const env = { ...process.env };
    delete env.NODE_PATH;
    const out = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: dir, env, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out.loaded).toEqual(specifiers);
    // the copy really lacks them
    for (const p of OPTIONAL) expect(out[p], p).toBe('ERR_MODULE_NOT_FOUND');
    expect(out.trials).toBe(3);
    expect(out.errors).toEqual({
      postgresql: { name: 'StorageError', code: 'MISSING_DRIVER', message: 'postgresql:// storage needs the pg package: npm install pg' },
      redis: { name: 'StorageError', code: 'MISSING_DRIVER', message: 'redis:// storage needs the ioredis package: npm install ioredis' },
      png: { name: 'GbtuneError', code: 'PNG_UNAVAILABLE', message: 'PNG output needs the @resvg/resvg-js package: npm install @resvg/resvg-js' },
    });
  });
});
