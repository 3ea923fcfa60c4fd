/**
 * PNG export of the sweep's plots, for slides and papers: the SVG that
 * plot.ts renders is rasterised by resvg (@resvg/resvg-wasm: pure WebAssembly, no native
 * binary, no browser).
 *
 * resvg-wasm sees no system fonts, so the font files are handed to it. The plots name
 * Helvetica/Arial; Liberation Sans has their metrics (vega lays text out with Helvetica
 * widths), and DejaVu Sans covers the glyphs it lacks (θ, ℓ, √, ≈ in titles). `SEPKA_FONT`
 * may name one more font file. Without any font PNG export stops with one line: an image with
 * no text would be worse than none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { SepkaError } from '../errors.ts';

/** Font files tried, in order of preference (Debian/Ubuntu paths: fonts-liberation, fonts-dejavu-core). */
const FONT_FILES = [
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

let ready: Promise<void> | null = null;
/** The fonts read, and the SEPKA_FONT they were read for. */
let fonts: { buffers: Uint8Array[]; family: string; extra: string | undefined } | null = null;

function loadFonts(): { buffers: Uint8Array[]; family: string } {
  const extra = process.env.SEPKA_FONT || undefined;
  if (fonts && fonts.extra === extra) return fonts;
  if (extra && !existsSync(extra)) throw new SepkaError('SEPKA_ERR_USAGE', `PNG export: SEPKA_FONT names ${extra}, which does not exist`);
  const files = [...(extra ? [extra] : []), ...FONT_FILES.filter((f) => existsSync(f))];
  if (files.length === 0) {
    throw new SepkaError(
      'SEPKA_ERR_USAGE',
      'PNG export needs a TrueType font: install fonts-liberation or fonts-dejavu-core, or set SEPKA_FONT=/path/to/font.ttf',
    );
  }
  const family = extra ? undefined : files.some((f) => f.includes('Liberation')) ? 'Liberation Sans' : 'DejaVu Sans';
  fonts = { buffers: files.map((f) => new Uint8Array(readFileSync(f))), family: family ?? 'sans-serif', extra };
  return fonts;
}

async function init(): Promise<void> {
  ready ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm');
    await initWasm(readFileSync(wasm));
  })();
  return ready;
}

/** The SVG as a PNG at `scale` times its size (2 by default: sharp on slides and in print). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const f = loadFonts();
  await init();
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { fontBuffers: f.buffers, defaultFontFamily: f.family, sansSerifFamily: f.family },
  });
  try {
    const img = r.render();
    try {
      return img.asPng();
    } finally {
      img.free();
    }
  } finally {
    r.free();
  }
}
