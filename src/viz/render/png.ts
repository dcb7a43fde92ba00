/**
 * SVG → PNG with resvg (`@resvg/resvg-js`: a Rust SVG renderer whose npm package ships prebuilt
 * binaries, no download at install). Text is drawn with the system's fonts; a machine without any
 * font gets charts without labels.
 *
 * @example
 * ```ts
 * writeFileSync('history.png', svgToPng(renderSvg(plotOptimizationHistory(study))));
 * ```
 */
import { createRequire } from 'node:module';
import { GbtuneError } from '../../core/errors.js';

interface ResvgModule {
  Resvg: new (
    svg: string | Uint8Array,
    options: { fitTo: { mode: 'width'; value: number }; font: { loadSystemFonts: boolean; defaultFontFamily: string }; background?: string },
  ) => { render(): { asPng(): Uint8Array } };
}

let resvg: ResvgModule | null = null;

function loadResvg(): ResvgModule {
  if (resvg === null) {
    try {
      resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
    } catch (e) {
      throw new GbtuneError(`PNG output needs the npm package @resvg/resvg-js, which could not be loaded: ${(e as Error).message}`, 'PNG_UNAVAILABLE');
    }
  }
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
