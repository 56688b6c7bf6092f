/**
 * Plain language (Direttiva FP 24/10/2005 sulla semplificazione del linguaggio): the Gulpease index, the readability
 * formula calibrated on Italian (Lucisano & Piemontese, 1988). Pure.
 */

export interface Readability {
  /** 0–100: higher is easier. */
  gulpease: number;
  words: number;
  sentences: number;
  letters: number;
  /** Who reads it easily: `elementary` (≥ 80), `middle` (≥ 60), `high_school` (≥ 40), `difficult` (< 40). */
  level: 'elementary' | 'middle' | 'high_school' | 'difficult';
  /** Italian suggestions for the editor. */
  suggestions: string[];
}

const LONG_SENTENCE_WORDS = 25;
const JARGON = [
  'ai sensi',
  'suddetto',
  'predetto',
  'codesto',
  "all'uopo",
  'espletamento',
  'ottemperare',
  'in ordine a',
  'entro e non oltre',
  'pertanto',
];

/**
 * Gulpease = 89 + (300 × sentences − 10 × letters) / words (Lucisano & Piemontese 1988). Letters are counted without
 * digits and punctuation; sentences end with . ! ? ; or a line break between non-empty lines.
 */
export function readability(text: string): Readability {
  const plain = text.replace(/https?:\/\/\S+/g, ' ').trim();
  const words = plain.match(/[\p{L}\p{N}'’]+/gu)?.filter((w) => /\p{L}|\p{N}/u.test(w)) ?? [];
  const letters = (plain.match(/\p{L}/gu) ?? []).length;
  const sentenceList = plain
    .split(/[.!?;]+|\n\s*\n/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
  const sentences = Math.max(1, sentenceList.length);
  const n = words.length;
  const raw = n ? 89 + (300 * sentences - 10 * letters) / n : 0;
  const gulpease = Math.round(Math.max(0, Math.min(100, raw)));
  const level =
    gulpease >= 80 ? 'elementary' : gulpease >= 60 ? 'middle' : gulpease >= 40 ? 'high_school' : 'difficult';
  const suggestions: string[] = [];
  const long = sentenceList.filter((s) => (s.match(/[\p{L}\p{N}'’]+/gu) ?? []).length > LONG_SENTENCE_WORDS);
  if (long.length)
    suggestions.push(
      `${long.length} frasi superano le ${LONG_SENTENCE_WORDS} parole: dividile in frasi più brevi.`,
    );
  const lower = plain.toLowerCase();
  const found = JARGON.filter((j) => lower.includes(j));
  if (found.length)
    suggestions.push(`Evita il linguaggio burocratico: ${found.map((f) => `«${f}»`).join(', ')}.`);
  if (gulpease < 60)
    suggestions.push('Il testo è difficile per chi ha la licenza media: usa parole comuni e frasi brevi.');
  return { gulpease, words: n, sentences, letters, level, suggestions };
}
