import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The text of a PDF, page by page, as Mozilla's pdf.js reads it (pdfjs-dist, ESM only: run in a child Node process,
 * outside Jest's module system). Lines are joined the way pdf.js marks them (`hasEOL`), so a sentence pdfkit wrapped
 * over two lines reads as one line with a space.
 */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string; title?: string }> {
  const script = `
    import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    const data = new Uint8Array(Buffer.concat(chunks));
    const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
    const out = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      out.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\\n' : '') : '')).join(''));
    }
    const meta = await doc.getMetadata();
    process.stdout.write(JSON.stringify({ pages: doc.numPages, text: out.join('\\n'), title: meta.info?.Title }));
  `;
  const child = run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
    maxBuffer: 16 * 1024 * 1024,
  });
  child.child.stdin?.end(bytes);
  const { stdout } = await child;
  return JSON.parse(stdout) as { pages: number; text: string; title?: string };
}

/** Whitespace folded (pdf.js splits lines where pdfkit wrapped them): for `toContain` checks. */
export const folded = (s: string): string => s.replace(/\s+/g, ' ').trim();
