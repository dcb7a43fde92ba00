// A worker process of the journal concurrency test: runs N trials of a shared study through
// createStudy + optimize on the compiled library (dist/), then closes its storage.
// usage: node journal-worker.mjs STORAGE_URL STUDY_NAME N_TRIALS SEED
import { createStudy } from '../../../../dist/tune/study/create-study.js';
import { getStorage } from '../../../../dist/tune/storages/registry.js';
import { RandomSampler } from '../../../../dist/tune/samplers/random.js';

const [url, studyName, nTrials, seed] = process.argv.slice(2);
const storage = await getStorage(url);
const study = await createStudy({ storage, studyName, loadIfExists: true, sampler: new RandomSampler({ seed: Number(seed) }) });
await study.optimize(
  (t) => {
    const x = t.suggestFloat('x', -5, 5);
    const k = t.suggestInt('k', 0, 3);
    t.report(x * k, 0);
    return x * x + k;
  },
  { nTrials: Number(nTrials) },
);
await storage.close();
