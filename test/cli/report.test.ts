import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../src/index.js';
import { FloatDistribution, createTrial, IntDistribution } from '../../src/tune/index.js';

// `gbtune report` run as a user runs it: the compiled binary over a SQLite study file.
const root = join(__dirname, '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('gbtune report', () => {
  it('writes a self-contained HTML report and SVG plots of the only study in a storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-report-'));
    const url = `sqlite:///${join(dir, 'study.db')}`;
    const study = await createStudy({ storage: url, studyName: 'quadratic', direction: 'minimize' });
    for (let i = 0; i < 12; i++) {
      const x = -3 + i * 0.5;
      const n = (i % 4) + 1;
      await study.addTrial(
        createTrial({
          params: { x, n },
          distributions: { x: new FloatDistribution(-3, 3), n: new IntDistribution(1, 4) },
          value: x * x + 0.1 * n,
        }),
      );
    }
    const html = join(dir, 'report.html');
    const r = run(['report', '--storage', url, '--out', html, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { studyName: string; nTrials: number; files: string[] };
    expect(out).toMatchObject({ studyName: 'quadratic', nTrials: 12, files: [html] });
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script[^>]+src=/); // ECharts is inlined, nothing is fetched
    expect(page).toMatch(/quadratic/);

    const svgDir = join(dir, 'svg');
    const s = run(['report', '--storage', url, '--format', 'svg', '--out', svgDir]);
    expect(s.code).toBe(0);
    const files = readdirSync(svgDir);
    expect(files).toContain('optimization-history.svg');
    expect(files).toContain('slice.svg');
    for (const f of files) expect(readFileSync(join(svgDir, f), 'utf8')).toMatch(/^<\?xml[^>]*>\s*<svg /);

    const pngDir = join(dir, 'png');
    const p = run(['report', '--storage', url, '--format', 'png', '--out', pngDir]);
    expect(p.code).toBe(0);
    const pngs = readdirSync(pngDir);
    expect(pngs.sort()).toEqual(files.map((f) => f.replace(/\.svg$/, '.png')).sort());
    for (const f of pngs) {
      const b = readFileSync(join(pngDir, f));
      expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
      expect(b.readUInt32BE(16)).toBe(900); // IHDR width
    }
  });

  it('asks for --study-name when the storage holds several studies, and rejects unknown formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-report-'));
    const url = `sqlite:///${join(dir, 'two.db')}`;
    await createStudy({ storage: url, studyName: 'a' });
    await createStudy({ storage: url, studyName: 'b' });
    const r = run(['report', '--storage', url, '--out', join(dir, 'r.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 studies \(a, b\).*--study-name/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    const f = run(['report', '--storage', url, '--study-name', 'a', '--format', 'pdf']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--format must be html, svg or png/);
  });
});
