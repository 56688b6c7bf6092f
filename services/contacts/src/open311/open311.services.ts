/**
 * The Open311 GeoReport v2 service list: the kinds of reports (segnalazioni) civic apps can file, each mapped
 * to the contact taxonomy (level1/level2 codes shared with the other services and the demo data).
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  group: string;
  keywords: string;
  category: { level1: string; level2: string };
  officeCode: string;
}

export const OPEN311_SERVICES: Open311Service[] = [
  {
    service_code: 'buche_stradali',
    service_name: 'Buca stradale',
    description: 'Buche e dissesti del manto stradale o dei marciapiedi.',
    group: 'Strade e viabilità',
    keywords: 'buca,strada,marciapiede,asfalto',
    category: { level1: 'strade_viabilita', level2: 'buche_stradali' },
    officeCode: 'lavori_pubblici',
  },
  {
    service_code: 'illuminazione_pubblica',
    service_name: 'Lampione spento o guasto',
    description: 'Guasti dell’illuminazione pubblica.',
    group: 'Strade e viabilità',
    keywords: 'lampione,luce,illuminazione',
    category: { level1: 'strade_viabilita', level2: 'illuminazione_pubblica' },
    officeCode: 'lavori_pubblici',
  },
  {
    service_code: 'segnaletica',
    service_name: 'Segnaletica danneggiata',
    description: 'Cartelli stradali, strisce e semafori danneggiati o mancanti.',
    group: 'Strade e viabilità',
    keywords: 'cartello,semaforo,strisce',
    category: { level1: 'strade_viabilita', level2: 'segnaletica' },
    officeCode: 'polizia_locale',
  },
  {
    service_code: 'rifiuti_abbandonati',
    service_name: 'Rifiuti abbandonati',
    description: 'Rifiuti o ingombranti abbandonati su suolo pubblico.',
    group: 'Ambiente e rifiuti',
    keywords: 'rifiuti,abbandono,ingombranti,discarica',
    category: { level1: 'ambiente_rifiuti', level2: 'rifiuti_abbandonati' },
    officeCode: 'ambiente',
  },
  {
    service_code: 'raccolta_mancata',
    service_name: 'Mancata raccolta dei rifiuti',
    description: 'Raccolta porta a porta non effettuata.',
    group: 'Ambiente e rifiuti',
    keywords: 'raccolta,differenziata,cassonetto',
    category: { level1: 'ambiente_rifiuti', level2: 'raccolta_mancata' },
    officeCode: 'ambiente',
  },
  {
    service_code: 'verde_pubblico',
    service_name: 'Verde pubblico',
    description: 'Alberi pericolanti, sfalci, giardini e parchi.',
    group: 'Ambiente e rifiuti',
    keywords: 'albero,parco,giardino,erba',
    category: { level1: 'ambiente_rifiuti', level2: 'verde_pubblico' },
    officeCode: 'ambiente',
  },
  {
    service_code: 'veicoli_abbandonati',
    service_name: 'Veicolo abbandonato',
    description: 'Veicoli in stato di abbandono sulla pubblica via.',
    group: 'Mobilità',
    keywords: 'auto,veicolo,abbandonato,rimozione',
    category: { level1: 'mobilita_ztl', level2: 'veicoli_abbandonati' },
    officeCode: 'polizia_locale',
  },
];

export const serviceByCode = (code: string) => OPEN311_SERVICES.find((s) => s.service_code === code);
export const serviceOfCategory = (level1?: string, level2?: string) =>
  OPEN311_SERVICES.find((s) => s.category.level1 === level1 && s.category.level2 === level2);
