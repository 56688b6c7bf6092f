/** What the Schede list says about its length: how many sheets the view holds in all (the list is paged). */
export function sheetCount(total: number): string {
  if (total === 0) return 'Nessuna scheda in questa vista.';
  return total === 1 ? '1 scheda.' : `${total.toLocaleString('it-IT')} schede.`;
}
