// Contacts writes a case's history details and duplicate reasons in Italian (services/contacts,
// case/history-text.rules.ts); entries stored before that are short English notes, each known shape said again in
// Italian here. Anything else (Italian already) is shown as it came, but for the words the timeline's title says.
import { CASE_OUTCOMES } from './format';

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^term (\d+)( working)? days(?:, reminder after (\d+))?$/,
    (m) =>
      `termine di ${m[1]} giorni${m[2] ? ' lavorativi' : ''}${m[3] ? `, sollecito all’ufficio dopo ${m[3]} giorni` : ''}`,
  ],
  [/^office (\S+)(?:, referent (\S+))?$/, (m) => `ufficio ${m[1]}${m[2] ? `, referente ${m[2]}` : ''}`],
  [/^clock paused: ([\s\S]*)$/, (m) => `termini sospesi: ${m[1]}`],
  [
    /^clock restarted after (\d+) day\(s\) of suspension \(“([\s\S]*)”\): due date (.+) → (.+)$/,
    (m) =>
      `termini ripresi dopo ${m[1]} ${m[1] === '1' ? 'giorno' : 'giorni'} di sospensione («${m[2]}»): scadenza dal ${m[3]} al ${m[4]}`,
  ],
  [
    /^outcome (\w+)(?: → (.+))?$/,
    (m) =>
      `esito: ${(CASE_OUTCOMES[m[1].toUpperCase()] ?? m[1]).toLowerCase()}${m[2] ? `, trasmessa a ${m[2]}` : ''}`,
  ],
  [/^public message to the citizen$/, () => ''],
  [/^messaggio al cittadino$/, () => ''],
  [/^nota interna(?:, ([\s\S]*))?$/, (m) => m[1] ?? ''],
  [
    /^internal note(?:, mentions (.+?))?(?: \(via duplicate (\S+)\))?$/,
    (m) =>
      [m[1] ? `menziona ${m[1]}` : '', m[2] ? `scritta sul duplicato ${m[2]}` : '']
        .filter(Boolean)
        .join(', '),
  ],
  [/^duplicate of (\S+) \((.+)\)$/, (m) => `duplicato della pratica n. ${m[2]}`],
  [/^(\S+) \((.+)\) merged into this case$/, (m) => `la pratica n. ${m[2]} è stata unita a questa`],
];

/** A history entry's detail in Italian (unknown shapes unchanged; '' when the title already says it all). */
export function historyDetail(detail: string | null | undefined): string {
  if (!detail) return '';
  for (const [re, say] of RULES) {
    const m = re.exec(detail);
    if (m) return say(m);
  }
  return detail;
}

/** A duplicate suggestion's reason in Italian. */
export function duplicateReason(reason: string): string {
  if (reason === 'same category') return 'stessa categoria';
  if (reason === 'similar text') return 'testo simile';
  let m = /^opened (\d+) day\(s\) ago$/.exec(reason);
  if (m) return m[1] === '0' ? 'aperta oggi' : `aperta ${m[1]} ${m[1] === '1' ? 'giorno' : 'giorni'} fa`;
  m = /^(\d+) m away$/.exec(reason);
  if (m) return `a ${m[1]} m di distanza`;
  return reason;
}
