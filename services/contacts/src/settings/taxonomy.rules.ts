/**
 * The contact taxonomy (categoria di 1°, 2° e 3° livello): the administration's codes, each with the label an
 * operator reads. Contacts owns it (no other service publishes it as events); the knowledge base's published
 * sheets add their category as a known first-level code. Pure: the check a registration runs before a
 * protocol number is taken (issue 13: references checked where the user is).
 */
import type { ContactCategory } from '@urp/contracts';
import { DomainError } from '@urp/kernel';

export interface TaxonomyNode {
  code: string;
  label: string;
  children?: TaxonomyNode[];
}

const node = (code: string, label: string, children?: [string, string][]): TaxonomyNode => ({
  code,
  label,
  ...(children ? { children: children.map(([c, l]) => ({ code: c, label: l })) } : {}),
});

/** The default taxonomy of a Comune (the platform's shared demo vocabulary and Open311's services). */
export const DEFAULT_TAXONOMY: TaxonomyNode[] = [
  node('anagrafe_stato_civile', 'Anagrafe e stato civile', [
    ['carta_identita', 'Carta d’identità'],
    ['residenza', 'Residenza e cambio di indirizzo'],
    ['certificati', 'Certificati'],
    ['stato_civile', 'Stato civile'],
  ]),
  node('tributi', 'Tributi', [
    ['imu', 'IMU'],
    ['tari', 'TARI'],
    ['canone_unico', 'Canone unico patrimoniale'],
  ]),
  node('ambiente_rifiuti', 'Ambiente e rifiuti', [
    ['raccolta_mancata', 'Raccolta mancata'],
    ['rifiuti_abbandonati', 'Rifiuti abbandonati'],
    ['verde_pubblico', 'Verde pubblico'],
  ]),
  node('strade_viabilita', 'Strade e viabilità', [
    ['buche_stradali', 'Buche stradali'],
    ['illuminazione_pubblica', 'Illuminazione pubblica'],
    ['marciapiedi', 'Marciapiedi'],
    ['segnaletica', 'Segnaletica'],
  ]),
  node('mobilita_ztl', 'Mobilità e ZTL', [
    ['permessi', 'Permessi ZTL'],
    ['rimozione', 'Rimozione veicoli'],
    ['veicoli_abbandonati', 'Veicoli abbandonati'],
  ]),
  node('scuola_infanzia', 'Scuola e infanzia', [
    ['asilo_nido', 'Asilo nido'],
    ['mensa_scolastica', 'Mensa scolastica'],
    ['trasporto_scolastico', 'Trasporto scolastico'],
  ]),
  node('servizi_sociali', 'Servizi sociali'),
  node('edilizia', 'Edilizia e urbanistica'),
  node('commercio_suap', 'Commercio e SUAP'),
  node('accesso_atti', 'Accesso agli atti'),
  node('cultura_sport', 'Cultura e sport'),
  node('polizia_locale', 'Polizia locale'),
  node('urp_generale', 'Informazioni generali'),
];

const list = (codes: Iterable<string>) =>
  [...codes]
    .slice(0, 12)
    .map((c) => `"${c}"`)
    .join(', ');

/**
 * Refuses a category whose codes the taxonomy does not know, each level beside its field (`input.category.level2`).
 * A level 2 must be listed under its level 1, a level 3 under its level 2; a level 1 known only from a published
 * sheet of the knowledge base has no level 2 of its own. Nothing is corrected silently.
 */
export function checkCategory(
  taxonomy: readonly TaxonomyNode[],
  sheetCategories: readonly string[],
  category: ContactCategory | undefined,
  field: string,
): void {
  if (!category) return;
  const fields: Record<string, string> = {};
  const first = taxonomy.find((n) => n.code === category.level1);
  if (!first && !sheetCategories.includes(category.level1)) {
    fields[`${field}.level1`] =
      `categoria sconosciuta: "${category.level1}" (sono ammesse: ${list([...taxonomy.map((n) => n.code)])}…)`;
  } else if (category.level2 !== undefined) {
    const second = first?.children?.find((n) => n.code === category.level2);
    if (!second) {
      const known = first?.children?.map((n) => n.code) ?? [];
      fields[`${field}.level2`] = known.length
        ? `sottocategoria sconosciuta per "${category.level1}": "${category.level2}" (sono ammesse: ${list(known)})`
        : `la categoria "${category.level1}" non ha sottocategorie: "${category.level2}" non è ammessa`;
    } else if (category.level3 !== undefined && !second.children?.some((n) => n.code === category.level3)) {
      fields[`${field}.level3`] =
        `voce di terzo livello sconosciuta per "${category.level2}": "${category.level3}"`;
    }
  } else if (category.level3 !== undefined) {
    fields[`${field}.level2`] = 'indicare la sottocategoria a cui appartiene il terzo livello';
  }
  if (Object.keys(fields).length) throw DomainError.invalidFields(fields);
}

/** The first-level codes of the taxonomy (due-date rules per category name one of them). */
export const level1Codes = (taxonomy: readonly TaxonomyNode[]): string[] => taxonomy.map((n) => n.code);
