/**
 * Optuna 3.1 interop: Optuna reads a journal gbtune wrote, and gbtune reads a journal Optuna wrote,
 * each side seeing the same studies, trials (ids and numbers), params, distributions, values, states,
 * attributes, intermediate values and datetimes. Needs Debian's python3-optuna (found by
 * `services.ts`): without it the suite is skipped with the reason (failed under CI).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CategoricalDistribution, distributionToJson, FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { RandomSampler } from '../../../../src/tune/samplers/random.js';
import { openJournalFileStorage } from '../../../../src/tune/storages/journal/file-backend.js';
import { createStudy } from '../../../../src/tune/study/create-study.js';
import { parsePyDatetime } from '../../../../src/tune/storages/journal/journal-format.js';
import { parsePyJson } from '../../../../src/tune/storages/journal/journal-json.js';
import { describeWithService, servicePath } from '../../../helpers/services.js';

const SCRIPT = join(__dirname, 'optuna_journal.py');

interface Dumped {
  study_id: number;
  study_name: string;
  directions: string[];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  trials: {
    number: number;
    trial_id: number;
    state: string;
    values: number[] | null;
    params: Record<string, unknown>;
    distributions: Record<string, unknown>;
    user_attrs: Record<string, unknown>;
    system_attrs: Record<string, unknown>;
    intermediate_values: Record<string, number>;
    datetime_start: number | null;
    datetime_complete: number | null;
  }[];
}

function runPython(cmd: 'read' | 'write', path: string): Dumped[] {
  const r = spawnSync(servicePath('python-optuna'), [SCRIPT, cmd, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`optuna_journal.py ${cmd} failed:\n${r.stderr}`);
  const parsed = parsePyJson(r.stdout.trim());
  if (!parsed.ok) throw new Error(`bad JSON from Python: ${parsed.message}`);
  const studies = parsed.value as (Omit<Dumped, 'trials'> & { trials: (Dumped['trials'][number] & { datetime_start: string | null; datetime_complete: string | null })[] })[];
  const ms = (s: string | null): number | null => (s === null ? null : (parsePyDatetime(s) as Date).getTime());
  return studies.map((s) => ({ ...s, trials: s.trials.map((t) => ({ ...t, datetime_start: ms(t.datetime_start), datetime_complete: ms(t.datetime_complete) })) }));
}

async function dumpGbtune(storage: Storage): Promise<Dumped[]> {
  const out: Dumped[] = [];
  for (const s of (await storage.getAllStudies()).sort((a, b) => a.studyId - b.studyId)) {
    const trials = await storage.getAllTrials(s.studyId);
    out.push({
      study_id: s.studyId,
      study_name: s.studyName,
      directions: [...s.directions],
      user_attrs: { ...s.userAttrs },
      system_attrs: { ...s.systemAttrs },
      trials: trials.map((t) => ({
        number: t.number,
        trial_id: t.trialId,
        state: t.state,
        values: t.values === null ? null : [...t.values],
        params: { ...t.params },
        distributions: Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, JSON.parse(distributionToJson(d)) as unknown])),
        user_attrs: { ...t.userAttrs },
        system_attrs: { ...t.systemAttrs },
        intermediate_values: Object.fromEntries([...t.intermediateValues].map(([k, v]) => [String(k), v])),
        datetime_start: t.datetimeStart?.getTime() ?? null,
        datetime_complete: t.datetimeComplete?.getTime() ?? null,
      })),
    });
  }
  return out;
}

describeWithService('python-optuna', 'journal interop with Optuna 3.1', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gbtune-jinterop-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('Optuna reads the studies and trials gbtune wrote', async () => {
    const path = join(dir, 'gb.log');
    const s = await openJournalFileStorage(path);
    // a deleted study first, so that study and trial ids must stay aligned across implementations
    const gone = await s.createNewStudy(['MINIMIZE'], 'deleted');
    await s.createNewTrial(gone);
    await s.deleteStudy(gone);
    const sid = await s.createNewStudy(['MAXIMIZE'], 'gb');
    await s.setStudyUserAttr(sid, 'owner', { name: 'gbtune', tags: ['a', 1] });
    await s.setStudySystemAttr(sid, 'metric_names', ['acc']);
    const dx = new FloatDistribution(1e-3, 10, { log: true });
    const dn = new IntDistribution(2, 12, { step: 2 });
    const dc = new CategoricalDistribution([null, true, 2, 'three', 1.5]);
    const states = ['COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE', 'RUNNING'] as const;
    for (let i = 0; i < states.length; i++) {
      const t = await s.createNewTrial(sid);
      await s.setTrialParam(t, 'x', 0.001 * 3 ** i, dx);
      await s.setTrialParam(t, 'n', 2 + 2 * i, dn);
      await s.setTrialParam(t, 'c', i % 5, dc);
      await s.setTrialParam(t, 'λ "q"', 0.5, new FloatDistribution(0, 1));
      await s.setTrialIntermediateValue(t, 0, 0.1 * i);
      await s.setTrialIntermediateValue(t, 5, i === 1 ? NaN : -Infinity);
      await s.setTrialUserAttr(t, 'ключ', { v: [i, 'é'] });
      await s.setTrialSystemAttr(t, 'sys', i);
      const st = states[i];
      if (st === 'COMPLETE') await s.setTrialStateValues(t, st, [i === 3 ? Infinity : 0.1 + 0.2 * i]);
      else if (st !== 'RUNNING') await s.setTrialStateValues(t, st, null);
    }
    await s.createNewTrial(sid, { state: 'WAITING', systemAttrs: { fixed_params: { x: 1 } } });
    await s.createNewTrial(sid, {
      state: 'COMPLETE',
      values: [-0.5],
      params: { x: 2 },
      distributions: { x: dx },
      userAttrs: { added: true },
      intermediateValues: new Map([[3, 1.5]]),
      datetimeStart: new Date(2024, 0, 2, 3, 4, 5, 678),
      datetimeComplete: new Date(2024, 0, 2, 3, 4, 6, 789),
    });
    const mo = await s.createNewStudy(['MINIMIZE', 'MAXIMIZE'], 'gb-mo');
    const tm = await s.createNewTrial(mo);
    await s.setTrialParam(tm, 'y', -0.25, new FloatDistribution(-1, 1));
    await s.setTrialStateValues(tm, 'COMPLETE', [1.25, -2.5]);
    const ours = await dumpGbtune(s);
    await s.close();
    const theirs = runPython('read', path);
    expect(theirs.map((x) => x.study_name)).toEqual(['gb', 'gb-mo']);
    expect(theirs).toEqual(ours);
    expect(theirs[0]?.trials.map((t) => t.trial_id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(theirs[0]?.trials[2]?.params).toEqual({ x: 0.001 * 3 ** 2, n: 6, c: 2, 'λ "q"': 0.5 });
  });

  it('an Optuna process and gbtune write one study at the same time (shared lock file): 80 unique numbers', async () => {
    const path = join(dir, 'both.log');
    const py = new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(servicePath('python-optuna'), [SCRIPT, 'optimize', path, '40'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    const storage = await openJournalFileStorage(path);
    const study = await createStudy({ storage, studyName: 'shared', loadIfExists: true, sampler: new RandomSampler({ seed: 4 }) });
    await study.optimize((t) => t.suggestFloat('x', -5, 5) ** 2, { nTrials: 40 });
    const r = await py;
    expect(r.code, r.stderr).toBe(0);
    const ours = await dumpGbtune(storage);
    await storage.close();
    expect(ours).toHaveLength(1);
    const trials = ours[0].trials;
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 80 }, (_x, i) => i));
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    expect(runPython('read', path)).toEqual(ours);
  }, 120_000);

  it('gbtune reads the studies and trials Optuna wrote, and appends to them for Optuna', async () => {
    const path = join(dir, 'py.log');
    const theirs = runPython('write', path);
    const s = await openJournalFileStorage(path);
    expect(await dumpGbtune(s)).toEqual(theirs);
    const py = theirs[0];
    expect(py.trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE', 'WAITING', 'COMPLETE']);
    expect(py.trials[0]?.intermediate_values['3']).toBeNaN();
    expect(py.trials[6]?.values).toEqual([Infinity]);
    // gbtune pops Optuna's queued trial and finishes it; Optuna sees it
    const sid = await s.getStudyIdFromName('py');
    const waiting = await s.getAllTrials(sid, { states: ['WAITING'] });
    expect(waiting).toHaveLength(1);
    expect(await s.setTrialStateValues((waiting[0] as { trialId: number }).trialId, 'RUNNING')).toBe(true);
    await s.setTrialStateValues((waiting[0] as { trialId: number }).trialId, 'COMPLETE', [7]);
    const after = await dumpGbtune(s);
    await s.close();
    expect(runPython('read', path)).toEqual(after);
    expect(after[0]?.trials[5]?.state).toBe('COMPLETE');
  });
});
