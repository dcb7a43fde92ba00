// Writes docs/params.md from the params table. Run after `npm run build`:
//   node scripts/gen-params-doc.mjs
import { writeFileSync } from 'node:fs';
import { renderParamsMarkdown } from '../dist/gbdt/index.js';

const target = new URL('../docs/params.md', import.meta.url);
writeFileSync(target, renderParamsMarkdown());
console.log(`wrote ${target.pathname}`);
