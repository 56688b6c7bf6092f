// The JavaScript a first visit downloads (index.html's entry script and its modulepreloads), gzipped.
// `npm run size -w @urp/console` after a build; the browser test holds it under the 300 KB budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function initialJs(dist = join(__dirname, '..', 'dist')): {
  files: { file: string; gzipBytes: number }[];
  gzipBytes: number;
} {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1]);
  const files = [...new Set(refs)].map((file) => ({
    file,
    gzipBytes: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
  }));
  return { files, gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

if (require.main === module) {
  const r = initialJs();
  for (const f of r.files) console.log(`${(f.gzipBytes / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  console.log(
    `${(r.gzipBytes / 1024).toFixed(1).padStart(7)} KB  initial JavaScript, gzipped (budget 300 KB)`,
  );
}
