import { extractEmbeddedFonts } from '../fonts-as-files';

// a woff file starts with "wOFF", a woff2 with "wOF2"
const woff = Buffer.from('wOFF-a tiny font').toString('base64');
const woff2 = Buffer.from('wOF2-another font').toString('base64');

describe('fonts as files (the CSP allows fonts of the console’s origin only)', () => {
  it('turns every embedded font into a file and points the stylesheet at it', () => {
    const css =
      `@font-face{font-family:VideoJS;src:url(data:application/font-woff;charset=utf-8;base64,${woff}) format("woff")}` +
      `@font-face{font-family:X;src:url("data:font/woff2;base64,${woff2}") format("woff2")}` +
      `.a{background:url("data:image/svg+xml,%3Csvg%3E%3C/svg%3E")}` +
      `@font-face{font-family:T;src:url(/assets/titillium.woff2) format("woff2")}`;
    const files: { source: Buffer; ext: string }[] = [];
    const out = extractEmbeddedFonts(css, (f) => {
      files.push(f);
      return `/assets/font-${files.length}.${f.ext}`;
    });
    expect(files.map((f) => [f.source.toString(), f.ext])).toEqual([
      ['wOFF-a tiny font', 'woff'],
      ['wOF2-another font', 'woff2'],
    ]);
    expect(out).not.toMatch(/data:(application\/font|font\/)/);
    expect(out).toContain('src:url(/assets/font-1.woff) format("woff")');
    expect(out).toContain('src:url(/assets/font-2.woff2) format("woff2")');
    // images and fonts already served as files are left as they are
    expect(out).toContain('url("data:image/svg+xml,%3Csvg%3E%3C/svg%3E")');
    expect(out).toContain('url(/assets/titillium.woff2)');
  });
});
