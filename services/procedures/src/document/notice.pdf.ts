import PDFDocument from 'pdfkit';
import { itDate, type ProcedureDocument } from './notice.document';

/**
 * Renders a notice as a PDF with pdfkit (text layout, wrapping and page breaks; the standard Helvetica fonts, whose
 * WinAnsi encoding covers Italian). Deterministic: the document's dates are the notice's creation instant, so the
 * same document always gives the same bytes (pdfkit derives the file ID from them); the first rendering is stored,
 * a later one (after a crash between the commit and the store) is identical.
 */
export function renderNoticePdf(doc: ProcedureDocument): Promise<Buffer> {
  const c = doc.content;
  const created = new Date(doc.createdAt);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    lang: 'it-IT',
    displayTitle: true,
    info: {
      Title: c.title,
      Author: c.administration,
      Subject: c.reference,
      Creator: 'URP — procedimenti amministrativi',
      Producer: 'URP (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (b: Buffer) => chunks.push(b));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 128;
  pdf.font('Helvetica-Bold').fontSize(13).text(c.administration, { width });
  pdf.moveDown(0.3);
  pdf
    .font('Helvetica')
    .fontSize(10)
    .text(`${c.reference} — ${itDate(c.issuedOn)}`, { width });
  pdf.moveDown(0.8);
  pdf.text(c.recipient, { width, align: 'right' });
  pdf.moveDown(1.2);
  pdf.font('Helvetica-Bold').fontSize(12).text(c.title, { width });
  pdf.moveDown(0.8);
  for (const s of c.sections) {
    pdf.font('Helvetica-Bold').fontSize(10).text(s.label, { width });
    pdf.font('Helvetica').fontSize(10).text(s.text, { width });
    pdf.moveDown(0.6);
  }
  pdf.moveDown(1);
  pdf.font('Helvetica-Oblique').fontSize(10).text(c.signature, { width, align: 'right' });
  pdf.end();
  return done;
}
