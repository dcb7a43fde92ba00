/**
 * Loading a model file: gbtune's versioned JSON or LightGBM's model.txt, told apart by content
 * (not by extension). Saving is {@link Booster.saveModel}.
 */
import { readFileSync } from 'node:fs';
import { ModelFormatError } from '../../core/errors.js';
import { Booster } from './booster.js';
import type { BoosterModel } from './model.js';
import { modelFromJson } from './model-json.js';
import { parseLightGbmText } from './model-txt-read.js';

/**
 * Parses model file content: JSON when it starts with `{`, LightGBM text when its first line is
 * `tree`. `file` names the source in error messages.
 *
 * @example
 * ```ts
 * const model = parseModel(text, 'model.txt');
 * ```
 */
export function parseModel(text: string, file?: string): BoosterModel {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      throw new ModelFormatError(`not valid JSON (${(e as Error).message}); a truncated file?`, file);
    }
    return modelFromJson(json, file);
  }
  if (/^tree\r?(\n|$)/.test(start)) return parseLightGbmText(body, file);
  if (start.length === 0) throw new ModelFormatError('the model file is empty', file);
  throw new ModelFormatError(
    `not a model file: expected gbtune JSON (starting with '{') or a LightGBM model.txt (first line 'tree'), found '${start.slice(0, 40)}'`,
    file,
  );
}

/** True when `source` is model content rather than a path (it has a line break or starts with '{'). */
function isContent(source: string): boolean {
  return source.includes('\n') || source.trimStart().startsWith('{');
}

/**
 * Reads a model: `source` is a file path, or the content itself (text with a line break, or JSON).
 * Errors are {@link ModelFormatError}s naming the file, and for a bad tree its number and field.
 *
 * @example
 * ```ts
 * const booster = loadModel('test/fixtures/lightgbm/iris_multiclass.model.txt');
 * booster.numClass; // 3
 * const again = loadModel(booster.modelToString());
 * ```
 */
export function loadModel(source: string): Booster {
  if (isContent(source)) return new Booster(parseModel(source));
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFormatError(
      code === 'ENOENT' ? 'no such model file' : `cannot read the model file (${code ?? (e as Error).message})`,
      source,
      'MODEL_FILE_UNREADABLE',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelFormatError('the model file is not UTF-8 text', source);
  }
  const model = parseModel(text, source);
  try {
    return new Booster(model);
  } catch (e) {
    if (e instanceof ModelFormatError && e.file === undefined) throw new ModelFormatError(e.message, source, e.code);
    throw e;
  }
}
