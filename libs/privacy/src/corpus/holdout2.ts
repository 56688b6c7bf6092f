import type { SnippetSource } from './corpus';

/**
 * Second held-out batch: written after the rule changes of batch 1 and measured once before any rule was changed
 * for it (its first figures are in the README); its one miss then led to the lower-case name after "sono".
 */
export const HOLDOUT2: [SnippetSource, string, string[]?][] = [
  ['nota', 'Al telefono la nuora, ⟦n:Debora Zanella⟧, dice che la suocera è ricoverata.'],
  ['reclamo', 'Mi rivolgo a voi perché il dott. ⟦n:Guerra⟧ dei servizi sociali non mi riceve da mesi.'],
  ['commento', 'Grazie mille ⟦n:Ludovica⟧ per la pazienza con mio padre.'],
  ['faq', 'Buonasera, sono ⟦n:Vasile Popa⟧, il mio permesso scade a marzo: serve altro per la residenza?'],
  ['nota', 'Richiede appuntamento ⟦n:Giancarlo Testa⟧ per il cambio di indirizzo.'],
  ['open311', 'Perdita di gas? Odore forte vicino al ⟦a:civico 5 di via Cairoli⟧, abito lì.'],
  [
    'sospensione',
    'Sospensione chiesta dalla richiedente: trasloco in ⟦a:via Fratelli Bandiera 27⟧ in corso.',
  ],
  ['nota', 'Contatto alternativo: la vicina di casa, ⟦n:Marisa⟧, ⟦t:0522 334455⟧.'],
  ['risposta', 'Egregio Dott. ⟦n:Bellini⟧, la sua istanza è incompleta.'],
  ['commento', 'sono ⟦n:martina⟧ e vorrei sapere perché nessuno mi ha risposto'],
  ['nota', 'Cittadina cinese, ⟦n:Zhang Li⟧, accompagnata dalla figlia che traduce.'],
  ['reclamo', 'Ho pagato due volte! Codice fiscale ⟦cf:ZNLDBR85S62D969W⟧, potete verificare?'],
  ['faq', 'Posso delegare mio genero ⟦n:Fabrizio⟧ a ritirare la tessera elettorale?'],
  ['nota', 'Email ⟦e:debora.zanella@outlook.it⟧ - tel ⟦t:+39 0522 112233⟧'],
  ['commento', 'Scrivetemi a ⟦e:zanella.d [at] gmail [dot] com⟧'],
  ['reclamo', 'La macchina di mio marito, targa ⟦p:DZ 441 RX⟧, è stata multata in un posto dove non era.'],
  ['nota', 'Nato a Casablanca il ⟦dn:12 gennaio 1979⟧, coniugato.'],
  ['open311', 'Il cane del sig. ⟦n:Ruggiero⟧ abbaia tutta la notte, ⟦a:via Carducci 3⟧.'],
  ['nota', 'Per conto della madre ⟦n:Elvira Conte⟧ si presenta il figlio ⟦n:Dario⟧.'],
  ['risposta', 'Cara ⟦n:Noemi⟧, grazie per averci scritto.'],
  ['nota', "Pratica di ⟦n:Bassi⟧ riaperta su richiesta dell'interessato.", ['Umberto Bassi']],
  ['commento', 'Bravissimi tutti, in particolare ⟦n:Umberto⟧ e ⟦n:Ivana⟧.'],
  ['sospensione', "In attesa di ricevere dall'avv. ⟦n:Cristina Rota⟧ la procura speciale."],
  ['nota', 'IBAN dichiarato ⟦iban:IT40S0542811101000000123456⟧, intestato a ⟦n:Bassi Umberto⟧.'],
  ['faq', "mia figlia ⟦n:Sofia⟧ ha 17 anni, può fare la carta d'identità da sola?"],
];

export const HOLDOUT2_CLEAN: [SnippetSource, string][] = [
  ['open311', 'Buche in via Cairoli e in viale della Vittoria dopo le piogge.'],
  ['nota', 'Pratica archiviata il 30/01/2026 per rinuncia, prot. 2026/0000451.'],
  ['risposta', 'La scuola primaria Gianni Rodari resterà chiusa per elezioni il 23 e 24 marzo.'],
  ['faq', "Quanto costa la carta d'identità elettronica? 22,21 euro più i diritti."],
  ['commento', 'Il parcheggio di piazza Matteotti è sempre pieno.'],
  ['sospensione', "Sospesa per 20 giorni ai sensi dell'art. 2 comma 7 della L. 241/1990."],
  ['nota', 'Contattato il Servizio Tecnico Manutenzioni, intervento previsto entro il 15.'],
  ['risposta', 'La domanda va presentata su modello B allegato al bando, entro le ore 12 del 28/02/2026.'],
  ['open311', 'Auto in sosta selvaggia davanti alla scuola Don Bosco ogni mattina.'],
  ['commento', 'Mi aspettavo di più dallo Sportello Unico, comunque cortesi.'],
  ['faq', "Il Centro per l'impiego di Corso Garibaldi riceve senza appuntamento?"],
  ['nota', 'Inviata comunicazione di avvio del procedimento (art. 7 L. 241/1990).'],
  ['risposta', 'Le ricordiamo che il pagamento può avvenire con F24 codice tributo 3944.'],
  ['commento', 'Speriamo che la nuova giunta sistemi finalmente Porta Romana.'],
  ['open311', 'Cestini pieni nel parco Rosa Luxemburg.'],
];
