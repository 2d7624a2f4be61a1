/**
 * Headless rendering of chart specs in Node, no browser: Vega-Lite compiles to Vega, vega's
 * scenegraph renders SVG, and @resvg/resvg-js (a prebuilt Rust binary, no native build) turns
 * the SVG into PNG at twice the size for slides.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The chart as SVG text (white background). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  view.background('white');
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG of a chart as PNG bytes, scaled by `zoom`. */
export function svgToPng(svg: string, zoom = 2): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}
