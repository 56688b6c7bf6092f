// The console's CSP allows fonts from its own origin only (`font-src 'self'`, server.ts). bootstrap-italia's CSS
// embeds one font as a `data:` URL (video.js's icon font): the browser refused it, with an error on every page.
// Instead of widening the CSP, the build writes every embedded font to a file of its own, served like the others.
import type { Plugin } from 'vite';

const EMBEDDED_FONT =
  /url\(\s*(["']?)data:(?:application\/(?:font-woff2?|x-font-woff|font-sfnt|x-font-ttf|vnd\.ms-fontobject)|font\/(?:woff2?|ttf|otf|sfnt))(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\1\s*\)/g;

const EXTENSION: Record<string, string> = { wOFF: 'woff', wOF2: 'woff2', OTTO: 'otf' };

/** A stylesheet's embedded fonts as files: `fileUrl` places each (by its bytes and extension) and gives its URL. */
export function extractEmbeddedFonts(
  css: string,
  fileUrl: (font: { source: Buffer; ext: string }) => string,
): string {
  return css.replace(EMBEDDED_FONT, (_m, _q, data: string) => {
    const source = Buffer.from(data, 'base64');
    return `url(${fileUrl({ source, ext: EXTENSION[source.subarray(0, 4).toString('latin1')] ?? 'ttf' })})`;
  });
}

/**
 * Vite plugin: every `data:` font of the stylesheets becomes an asset file (`dist/assets/embedded-font-<hash>.woff`),
 * before the stylesheet's own name is hashed (a returning browser gets the new stylesheet, not the cached one).
 */
export function fontsAsFiles(): Plugin {
  return {
    name: 'urp-fonts-as-files',
    apply: 'build',
    // after vite:css (plain CSS text), before vite:css-post (which resolves the asset placeholders and hashes)
    transform(code, id) {
      if (!/\.css(?:$|\?)/.test(id) || !code.includes('base64,')) return null;
      const out = extractEmbeddedFonts(code, ({ source, ext }) => {
        const ref = this.emitFile({ type: 'asset', name: `embedded-font.${ext}`, source });
        return `__VITE_ASSET__${ref}__`;
      });
      return out === code ? null : { code: out, map: null };
    },
  };
}
