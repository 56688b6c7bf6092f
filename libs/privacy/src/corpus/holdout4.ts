import type { SnippetSource } from './corpus';

/**
 * Fourth held-out batch (session 26, after a new-user trial found survey comments carrying staff surnames and
 * health data): staff named by their role (`l'impiegata Rossi`, `la dipendente Ferraro`) and special categories
 * of data (GDPR art. 9: health, disability, pregnancy, religion, ethnic origin, sex life, political opinions,
 * trade-union membership) stated about someone, marked `⟦sp:…⟧`. Written before the rules for them; the first
 * measurement is recorded in the README. The clean part has the same words where they say nothing about anyone.
 */
export const HOLDOUT4: [SnippetSource, string, string[]?][] = [
  ['commento', "L'impiegata ⟦n:Rossi⟧ è stata scortese."],
  ['commento', 'la dipendente ⟦n:Ferraro⟧ mi ha trattato malissimo'],
  ['commento', 'Ho ⟦sp:il diabete⟧ e non posso aspettare due ore in piedi.'],
  ['reclamo', 'Il funzionario ⟦n:Bellini⟧ non ha mai risposto alla mia PEC.'],
  ['commento', "L'addetta ⟦n:Galli⟧ allo sportello 4 è stata molto professionale."],
  ['reclamo', 'Il responsabile ⟦n:Marchi⟧ del servizio tributi non si è mai fatto trovare.'],
  ['commento', 'Il dottore ⟦n:Fabbri⟧ del distretto mi ha spiegato tutto.'],
  ['commento', "L'impiegato ⟦n:De Santis⟧ ha risolto in cinque minuti."],
  ['reclamo', 'La funzionaria ⟦n:Orlando⟧ ha perso i miei documenti due volte.'],
  ['commento', "L'addetto ⟦n:Pace⟧ del centralino mi ha messo in attesa per mezz'ora."],
  ['commento', 'Mia madre ha ⟦sp:il morbo di Parkinson⟧ e non riesce a fare la fila.'],
  ['reclamo', 'Sono ⟦sp:incinta⟧ e mi hanno fatto aspettare in piedi per un’ora.'],
  ['commento', 'Mio figlio è ⟦sp:autistico⟧ e la sala d’attesa era troppo rumorosa.'],
  ['reclamo', 'Soffro di ⟦sp:epilessia⟧ e le luci dello sportello lampeggiavano.'],
  ['nota', 'Il richiedente è affetto da ⟦sp:sclerosi multipla⟧, chiede la consegna a domicilio.'],
  ['commento', 'Sono ⟦sp:musulmano⟧ e nella mensa non c’è mai un’alternativa.'],
  ['reclamo', 'Mi hanno guardato male perché sono ⟦sp:rom⟧.'],
  ['commento', 'Sono ⟦sp:omosessuale⟧ e allo sportello mi hanno fatto battute.'],
  ['reclamo', 'Sono ⟦sp:iscritto alla CGIL⟧ e il dirigente lo sa.'],
  ['nota', 'Mio padre ⟦n:Luigi⟧, ⟦sp:invalido civile al 100%⟧, chiede il contrassegno.'],
  ['commento', 'Ho ⟦sp:un tumore⟧ e ogni viaggio in comune è una fatica.'],
  ['faq', 'Mia moglie è ⟦sp:in dialisi⟧ tre volte a settimana: c’è un trasporto?'],
  ['commento', 'sono ⟦sp:celiaco⟧ e il buono pasto non vale nei negozi senza glutine'],
  ['reclamo', 'Il vigile ⟦n:Neri⟧ mi ha insultato perché sono ⟦sp:ebreo⟧.'],
  ['commento', 'La signora allo sportello 2, la dipendente ⟦n:Longo⟧, è stata gentilissima.'],
  ['nota', 'Mia sorella è ⟦sp:non vedente⟧ e chiede i moduli in braille.'],
  ['reclamo', 'Sono ⟦sp:sieropositivo⟧ e il medico dell’ufficio lo ha detto davanti a tutti.'],
  ['commento', 'Ho ⟦sp:la depressione⟧ e il tono dell’operatore mi ha ferito.'],
  ['reclamo', 'L’ispettore ⟦n:Valli⟧ ha detto che sono ⟦sp:di sinistra⟧ e per questo mi multano.'],
  ['commento', 'Il sig. ⟦n:Mancini⟧ dell’anagrafe è stato paziente con mio nonno che ha ⟦sp:l’Alzheimer⟧.'],
];

export const HOLDOUT4_CLEAN: [SnippetSource, string][] = [
  ['commento', "L'impiegata allo sportello è stata scortese."],
  ['reclamo', 'Il responsabile del procedimento non ha risposto entro 30 giorni.'],
  ['nota', 'Nominato il Responsabile Unico del Procedimento per la gara.'],
  ['faq', 'Il contrassegno per disabili vale anche fuori dal Comune?'],
  ['faq', 'Come si chiede il riconoscimento dell’invalidità civile?'],
  [
    'risposta',
    'La domanda di assegno di cura per persone non autosufficienti si presenta ai servizi sociali.',
  ],
  ['commento', 'Ho il diritto di avere una risposta, sono stanco di aspettare.'],
  ['faq', 'Il centro diurno per anziani e disabili è aperto anche ad agosto?'],
  ['commento', 'Sono soddisfatto, il dipendente dello sportello mi ha aiutato.'],
  ['nota', 'Inoltrata al Servizio Sanità e Politiche Sociali per competenza.'],
  ['risposta', 'Le iscrizioni al servizio mensa con dieta per celiaci sono aperte fino al 30 giugno.'],
  ['open311', 'Il parcheggio riservato ai disabili davanti alla farmacia è sempre occupato.'],
  ['commento', 'Il dirigente del settore è stato chiaro, grazie.'],
  ['faq', 'Il Comune organizza corsi di italiano per stranieri?'],
  ['reclamo', 'Ho fatto l’ISEE al CAF della CISL ma il Comune dice che manca un documento.'],
  ['commento', 'Sono di corsa, ma volevo dire che il sito è migliorato.'],
  ['risposta', 'La sala del consiglio è disponibile per le assemblee dei sindacati il martedì.'],
  ['faq', 'Per la gravidanza a rischio quali permessi sono previsti per le dipendenti comunali?'],
  ['risposta', 'La campagna di prevenzione del tumore al seno fa tappa in piazza sabato.'],
  ['nota', 'Campagna di vaccinazione antinfluenzale: locandine inviate alle scuole.'],
];
