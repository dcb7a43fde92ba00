/**
 * SVG → PNG with resvg (`@resvg/resvg-js`: a Rust SVG renderer whose npm package ships prebuilt
 * binaries, no download at install; an optional peer dependency of gbtune, loaded by the first
 * PNG). Text is drawn with the system's fonts; a machine without any font gets charts without
 * labels.
 *
 * @example
 * ```ts
 * writeFileSync('history.png', svgToPng(renderSvg(plotOptimizationHistory(study))));
 * ```
 */
import { GbtuneError } from '../../core/errors.js';
import { requireOptional } from '../../core/optional-package.js';

interface ResvgModule {
  Resvg: new (
    svg: string | Uint8Array,
    options: { fitTo: { mode: 'width'; value: number }; font: { loadSystemFonts: boolean; defaultFontFamily: string }; background?: string },
  ) => { render(): { asPng(): Uint8Array } };
}

let resvg: ResvgModule | null = null;

/**
 * resvg is an optional peer dependency, loaded by the first PNG. `require`, not `import()`: it
 * loads as lazily and keeps svgToPng (and writePngPlots) synchronous.
 */
function loadResvg(): ResvgModule {
  resvg ??= requireOptional<ResvgModule>('@resvg/resvg-js', (m) => new GbtuneError(m, 'PNG_UNAVAILABLE'));
  return resvg;
}

/** Renders an SVG document to PNG bytes, `width` pixels wide, on a white background. */
export function svgToPng(svg: string, { width = 900 }: { width?: number } = {}): Uint8Array {
  const { Resvg } = loadResvg();
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return r.render().asPng();
}
