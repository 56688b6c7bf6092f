/** Canned replies (risposte predefinite) from the knowledge base: `{{placeholder}}` filled from the case. */

export type ReplyValues = Partial<
  Record<'due_date' | 'responsible_person' | 'office' | 'procedure_term' | 'protocol_number', string>
>;

/** Fills the known placeholders; unknown or missing ones stay visible (`{{x}}`) and are reported. */
export function fillTemplate(body: string, values: ReplyValues): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name as keyof ReplyValues];
    if (v === undefined || v === '') {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { text, missing: [...missing] };
}

/** Italian date for letters: 27/11/2026. */
export function italianDate(at: Date): string {
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
}
