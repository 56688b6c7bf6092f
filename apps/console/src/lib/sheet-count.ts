/**
 * What the Schede list says about its length. The knowledge base's `sheets` has neither a cursor nor a total: the
 * list asks for one more than it shows, so it knows whether it is complete, and says so instead of a false count.
 */
export function sheetCount(received: number, shown: number): string {
  if (received === 0) return 'Nessuna scheda in questa vista.';
  if (received > shown)
    return `Le prime ${shown} schede: ce ne sono altre che questo elenco non mostra (i filtri restringono la vista).`;
  return received === 1 ? '1 scheda.' : `${received} schede.`;
}
