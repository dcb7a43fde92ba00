/**
 * The dashboard's defences, each against the attack it stops: a foreign Host header (DNS
 * rebinding) is refused; it binds 127.0.0.1 unless told otherwise, and warns then; no URL reaches
 * a file outside the page's own (raw, encoded and double-encoded `..`, backslashes, and a tuning
 * run's recorded output paths pointed elsewhere); the page may load nothing from elsewhere (CSP).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../src/core/log.js';
import { hostAllowed, hostName, originAllowed } from '../../src/dashboard/security.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { servableOutput } from '../../src/dashboard/tuning-info.js';
import { OUTPUTS_ATTR } from '../../src/tune-gbdt/output.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { ensureDashboardAssets, rawRequest, seedStudy } from '../helpers/dashboard.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-dash-sec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Host and Origin checks', () => {
  it('accepts this machine\'s names, the bound address and the allowed names; refuses other names', () => {
    const local = { bound: '127.0.0.1', allowedHosts: [] };
    for (const h of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST', '[::1]:8080', '127.0.0.2']) expect(hostAllowed(h, local), h).toBe(true);
    for (const h of ['evil.example:8080', 'evil.example', '192.168.1.5:8080', '', 'a b', '127.0.0.1.evil.example']) expect(hostAllowed(h, local), h).toBe(false);
    expect(hostAllowed(undefined, local)).toBe(false);
    expect(hostAllowed('box.lan:8080', { bound: '0.0.0.0', allowedHosts: ['box.lan'] })).toBe(true);
    // a wildcard bind: any address, no unknown name (a name can be rebound, an address cannot)
    expect(hostAllowed('192.168.1.5:8080', { bound: '0.0.0.0', allowedHosts: [] })).toBe(true);
    expect(hostAllowed('[fe80::1]:8080', { bound: '::', allowedHosts: [] })).toBe(true);
    expect(hostAllowed('attacker.example:8080', { bound: '0.0.0.0', allowedHosts: [] })).toBe(false);
    expect(hostAllowed('10.0.0.7:8080', { bound: '10.0.0.7', allowedHosts: [] })).toBe(true);
    expect(hostName('[::1]:80')).toBe('::1');
    expect(originAllowed(undefined, '127.0.0.1:1')).toBe(true);
    expect(originAllowed('http://127.0.0.1:1', '127.0.0.1:1')).toBe(true);
    expect(originAllowed('http://127.0.0.1:2', '127.0.0.1:1')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:1')).toBe(false);
  });
});

describe('dashboard server defences', () => {
  let storage: Storage;
  let dash: Dashboard;
  let studyId = 0;
  const secret = join(dir, 'secret.txt');

  beforeAll(async () => {
    writeFileSync(secret, 'TOP-SECRET-CONTENT');
    storage = await getStorage(`sqlite:///${join(dir, 's.db')}`);
    studyId = (await seedStudy(storage, 'alpha', 5)).studyId;
    dash = await startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets() });
  });
  afterAll(async () => {
    await dash.close();
    await storage.close?.();
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(dash.url).toBe(`http://127.0.0.1:${dash.port}/`);
  });

  it('refuses a request whose Host header is another site (DNS rebinding), before any route', async () => {
    for (const host of ['evil.example', `evil.example:${dash.port}`, 'localhost.evil.example']) {
      const r = await rawRequest(dash.port, `GET /api/studies HTTP/1.1\r\nHost: ${host}`);
      expect(r.status, host).toBe(403);
      expect(r.body).toContain('HOST_NOT_ALLOWED');
      expect(r.body).not.toContain('alpha');
    }
    const page = await rawRequest(dash.port, 'GET / HTTP/1.1\r\nHost: evil.example');
    expect(page.status).toBe(403);
    const ok = await rawRequest(dash.port, `GET /api/studies HTTP/1.1\r\nHost: localhost:${dash.port}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('alpha');
  });

  it('serves no file outside its own, whatever the dots, encodings and slashes', async () => {
    const attempts = [
      'GET /../../../../../../etc/passwd HTTP/1.1',
      'GET /assets/../../../../../../etc/passwd HTTP/1.1',
      'GET /assets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1',
      'GET /assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1',
      'GET /%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd HTTP/1.1',
      'GET /assets/%252e%252e/%252e%252e/etc/passwd HTTP/1.1',
      'GET /assets/..\\..\\..\\etc\\passwd HTTP/1.1',
      'GET /assets/app.js/../../../../etc/passwd HTTP/1.1',
      `GET /api/studies/${studyId}/files/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1`,
      `GET /api/studies/${studyId}/files/../../../../etc/passwd HTTP/1.1`,
      `GET /api/studies/${studyId}/files/%2e%2e%2fsecret.txt HTTP/1.1`,
      `GET /assets/${encodeURIComponent(secret)} HTTP/1.1`,
      `GET //${secret} HTTP/1.1`,
      `GET ${secret} HTTP/1.1`,
      'GET /assets/%00 HTTP/1.1',
    ];
    for (const line of attempts) {
      const r = await rawRequest(dash.port, line);
      expect([400, 404], line).toContain(r.status);
      expect(r.body, line).not.toMatch(/root:|TOP-SECRET/);
    }
    // its own files are served
    expect((await rawRequest(dash.port, 'GET /assets/app.js HTTP/1.1')).status).toBe(200);
  });

  it('serves a tuning run\'s files only where the run recorded them, by their names, inside its output folder', async () => {
    const out = join(dir, 'run');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'model.txt'), 'tree\n');
    symlinkSync(secret, join(out, 'report.html'));
    const rec = { outDir: out, modelTxt: join(out, 'model.txt'), report: join(out, 'report.html'), modelJson: secret, bestParams: '/etc/passwd', trialsCsv: join(out, '..', 'secret.txt') };
    expect(servableOutput(rec, 'model.txt')).toBe(join(out, 'model.txt'));
    expect(servableOutput(rec, 'report.html')).toBeNull(); // a link out of the folder
    expect(servableOutput(rec, 'model.json')).toBeNull(); // another file's name
    expect(servableOutput(rec, 'best_params.json')).toBeNull();
    expect(servableOutput(rec, 'trials.csv')).toBeNull();
    expect(servableOutput({ ...rec, outDir: '/' , bestParams: '/etc/passwd' }, 'best_params.json')).toBeNull();
    await storage.setStudyUserAttr(studyId, OUTPUTS_ATTR, rec);
    dash.watcher.invalidate();
    const model = await fetch(`${dash.url}api/studies/${studyId}/files/model.txt`);
    expect(model.status).toBe(200);
    expect(model.headers.get('content-disposition')).toBe('attachment; filename="alpha-model.txt"');
    expect(await model.text()).toBe('tree\n');
    for (const name of ['report.html', 'model.json', 'best_params.json', 'trials.csv', 'secret.txt', 'passwd']) {
      const r = await fetch(`${dash.url}api/studies/${studyId}/files/${name}`);
      expect(r.status, name).toBe(404);
      expect(await r.text(), name).not.toMatch(/root:|TOP-SECRET/);
    }
  });

  it('sends a Content-Security-Policy that allows nothing from elsewhere, and no-sniff/no-frame headers everywhere', async () => {
    const page = await fetch(dash.url);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    for (const path of ['', 'assets/app.js', 'api/studies', 'api/nothing']) {
      const r = await fetch(`${dash.url}${path}`);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // the page and bundle name no other host
    const html = await page.text();
    const js = await (await fetch(`${dash.url}assets/app.js`)).text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(js).not.toMatch(/(fetch|EventSource|importScripts)\(\s*["'`]https?:/);
  });

  it('binds another address only when told, and warns that other machines can reach it', async () => {
    let other: Dashboard | null = null;
    const logs = await captureLogsAsync(async () => {
      other = await startDashboard({ storage, port: 0, host: '0.0.0.0', assetsDir: ensureDashboardAssets(), allowWrite: true });
    });
    try {
      const warn = logs.filter((l) => l.level === 'warn').map((l) => l.message);
      expect(warn).toHaveLength(1);
      expect(warn[0]).toMatch(/listens on 0\.0\.0\.0: anyone who can reach this machine on port \d+ can read the studies and change them \(--allow-write\)/);
      const quiet = await captureLogsAsync(async () => {
        const d = await startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets() });
        await d.close();
      });
      expect(quiet.filter((l) => l.level === 'warn')).toEqual([]);
    } finally {
      await (other as Dashboard | null)?.close();
    }
  });

  it('names a port in use', async () => {
    await expect(startDashboard({ storage, port: dash.port, assetsDir: ensureDashboardAssets() })).rejects.toThrow(`port ${dash.port} on 127.0.0.1 is in use; choose another with --port`);
  });
});
