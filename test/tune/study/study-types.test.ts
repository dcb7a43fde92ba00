/**
 * The study that the modules below `study.ts` hand back (they take it through `TrialHost`,
 * `OptimizeHost`, `HeartbeatHost` and never import `study.ts`) is the `Study` itself, at run time
 * and in the types: `tsc -p tsconfig.json` checks the `expectTypeOf` lines, vitest the values.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getStudyHeartbeat, type FailedTrialCallback, type HeartbeatStudy } from '../../../src/tune/heartbeat.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import type { Objective, OptimizeCallback, Study } from '../../../src/tune/study/study.js';
import type { Trial, TrialHost } from '../../../src/tune/trial/trial.js';

describe('the study handed back through the host interfaces', () => {
  it('is the Study for a trial of ask and of optimize, and for optimize callbacks', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const asked = await study.ask();
    expectTypeOf(asked.study).toEqualTypeOf<Study>();
    expect(asked.study).toBe(study);
    await study.tell(asked, asked.suggestFloat('x', 0, 1));

    const seen: Study[] = [];
    const objective: Objective = (t) => {
      expectTypeOf(t.study).toEqualTypeOf<Study>();
      seen.push(t.study);
      return t.suggestFloat('x', 0, 1) + t.study.trials.length;
    };
    const callback: OptimizeCallback = (s, t) => {
      expectTypeOf(s).toEqualTypeOf<Study>();
      seen.push(s);
      if (t.number === 2) s.stop();
    };
    await study.optimize(objective, { nTrials: 10, callbacks: [callback] });
    expect(study.trials).toHaveLength(3); // stopped by the callback after trial 2
    expect(seen).toHaveLength(4); // objective and callback of trials 1 and 2
    for (const s of seen) expect(s).toBe(study);
  });

  it('types a bare Trial with its host interface and a bare failed-trial callback with HeartbeatStudy', async () => {
    expectTypeOf<Trial['study']>().toEqualTypeOf<TrialHost>();
    expectTypeOf<Parameters<FailedTrialCallback>[0]>().toEqualTypeOf<HeartbeatStudy>();
    // a callback written against the bare type fits createStudy, and an inline one gets the Study
    const calls: string[] = [];
    const bare: FailedTrialCallback = (s) => void calls.push(`bare ${s.studyId}`);
    const a = await createStudy({ storage: new InMemoryStorage(), heartbeatInterval: 1, failedTrialCallback: bare });
    const b = await createStudy({
      heartbeatInterval: 1,
      failedTrialCallback: (s) => {
        expectTypeOf(s).toEqualTypeOf<Study>();
        calls.push(`inline ${s.studyName}`);
      },
    });
    expect(getStudyHeartbeat(a)?.failedTrialCallback).toBe(bare);
    const trial = await b.tell(await b.ask(), 1);
    await getStudyHeartbeat(a)?.failedTrialCallback?.(a, trial);
    await getStudyHeartbeat(b)?.failedTrialCallback?.(b, trial);
    expect(calls).toEqual([`bare ${a.studyId}`, `inline ${b.studyName}`]);
  });
});
