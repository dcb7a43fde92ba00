/**
 * The params table as rows for CLI help and as the Markdown of `docs/params.md`
 * (regenerate with `node scripts/gen-params-doc.mjs` after `npm run build`).
 *
 * @example
 * ```ts
 * describeParams().find((r) => r.name === 'num_leaves');
 * // { name: 'num_leaves', type: 'int', default: '31', aliases: ['num_leaf', ...], range: '[2, 131072]', ... }
 * ```
 */
import { formatRange } from './resolve.js';
import {
  IGNORED_LIGHTGBM_PARAMS,
  UNSUPPORTED_LIGHTGBM_PARAMS,
  METRIC_ALIASES,
  OBJECTIVE_ALIASES,
  PARAM_SPECS,
  ParamGroup,
  type ParamSpec,
  type ParamType,
} from './schema.js';

/** One param, as text. */
export interface ParamRow {
  name: string;
  type: ParamType;
  /** The default as text (`none` for no value, `''` for an empty list). */
  default: string;
  aliases: readonly string[];
  /** The allowed values or range, e.g. `[2, 131072]`, `> 0`, `binary, multiclass, ...`; empty when any. */
  range: string;
  group: ParamGroup;
  doc: string;
}

function rangeText(spec: ParamSpec): string {
  if (spec.check?.oneOf !== undefined) return spec.check.oneOf.join(', ');
  if (spec.check === undefined) return '';
  return formatRange(spec.check, spec.type).trim().replace(/^in /, '');
}

function defaultText(spec: ParamSpec): string {
  const d = spec.default;
  if (d === null) return 'none';
  if (Array.isArray(d)) return d.length === 0 ? "''" : d.join(',');
  return String(d);
}

/** Every param as a text row, in table order. */
export function describeParams(): ParamRow[] {
  return PARAM_SPECS.map((s) => ({
    name: s.name,
    type: s.type,
    default: defaultText(s),
    aliases: s.aliases,
    range: rangeText(s),
    group: s.group,
    doc: s.doc,
  }));
}

/** Plain-text help for the CLI: one block per param. */
export function renderParamsHelp(): string {
  const lines: string[] = [];
  for (const r of describeParams()) {
    const head = `  ${r.name} (${r.type}, default ${r.default}${r.range !== '' ? `, ${r.range}` : ''})`;
    lines.push(head);
    lines.push(`      ${r.doc}`);
    if (r.aliases.length > 0) lines.push(`      aliases: ${r.aliases.join(', ')}`);
  }
  return lines.join('\n');
}

const md = (s: string): string => s.replace(/\|/g, '\\|');

/** The Markdown of `docs/params.md`. */
export function renderParamsMarkdown(): string {
  const out: string[] = [
    '# Booster params',
    '',
    '<!-- Generated from src/params/schema.ts by scripts/gen-params-doc.mjs; do not edit by hand. -->',
    '',
    'gbtune takes LightGBM\'s param names, defaults and aliases. Give them as an object to `train`/`cv`, or as',
    '`--param key=value` on the command line (lists comma-separated). An unknown key, a value of the wrong type',
    'or out of range is an error naming the key, the value and what is allowed; a key given twice under',
    'different aliases with different values is an error too.',
    '',
  ];
  for (const group of Object.values(ParamGroup)) {
    const rows = describeParams().filter((r) => r.group === group);
    if (rows.length === 0) continue;
    out.push(`## ${group}`, '', '| name | type | default | allowed | aliases | description |', '|---|---|---|---|---|---|');
    for (const r of rows) {
      out.push(`| \`${r.name}\` | ${r.type} | \`${md(r.default)}\` | ${md(r.range)} | ${r.aliases.map((a) => `\`${a}\``).join(', ')} | ${md(r.doc)} |`);
    }
    out.push('');
  }
  out.push('## Value aliases', '', '| param | value | means |', '|---|---|---|');
  for (const [k, v] of Object.entries(OBJECTIVE_ALIASES)) out.push(`| \`objective\` | \`${k}\` | \`${v}\` |`);
  for (const [k, v] of Object.entries(METRIC_ALIASES)) out.push(`| \`metric\` | \`${k}\` | ${v === 'none' ? 'no metric' : `\`${v}\``} |`);
  out.push('', '## LightGBM params accepted and ignored', '',
    'So that a LightGBM config can be pasted, these are accepted with the values listed (which mean what gbtune',
    'does anyway) and ignored; any other value is an error.', '', '| name | aliases | accepted values |', '|---|---|---|');
  for (const e of IGNORED_LIGHTGBM_PARAMS) {
    out.push(`| \`${e.name}\` | ${e.aliases.map((a) => `\`${a}\``).join(', ')} | ${e.accepts.map((a) => `\`${a}\``).join(', ')} |`);
  }
  out.push('', '## LightGBM params gbtune does not support', '',
    'Giving one of these is an error that says so (with what to do instead, where there is a way).', '');
  for (const e of UNSUPPORTED_LIGHTGBM_PARAMS) {
    out.push(`- ${e.names.map((n) => `\`${n}\``).join(', ')}${e.hint !== undefined ? ` — ${e.hint}` : ''}`);
  }
  out.push('');
  return out.join('\n');
}
