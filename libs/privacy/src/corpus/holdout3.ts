import type { SnippetSource } from './corpus';

/**
 * Third held-out batch: longer and messier text (forms pasted into notes, lists, typos, several sentences),
 * written after every rule change; its first measurement is recorded in the README.
 */
export const HOLDOUT3: [SnippetSource, string, string[]?][] = [
  ['nota', 'Nome: ⟦n:Mario⟧ Cognome: ⟦n:Rossetti⟧ Telefono: ⟦t:333 9090909⟧'],
  [
    'reclamo',
    'Spett.le Comune, la sottoscritta ⟦n:Gabriella Fadda⟧ nata a Nuoro il ⟦dn:14/02/1966⟧ e residente in ⟦a:via Sardegna 12⟧ espone quanto segue.',
  ],
  ['nota', 'Presenti allo sportello: ⟦n:Luca Fois⟧, ⟦n:Sara Fois⟧ e il figlio minore.'],
  ['commento', 'lo sportello di via Roma è sempre chiuso. ⟦n:paolo⟧'],
  ['faq', "Salve, mi chiamo ⟦n:Omar⟧, sono richiedente asilo: posso iscrivermi all'anagrafe?"],
  ['nota', 'Il marito della sig.ra ⟦n:Pes⟧ ha lasciato il suo numero: ⟦t:347 11 22 333⟧.'],
  ['open311', 'Da tre settimane il lampione davanti a casa mia (⟦a:V. Roma 3⟧) è spento.'],
  ['reclamo', 'Vi ho scritto da ⟦e:MARIO.ROSSETTI@GMAIL.COM⟧ e da ⟦e:m.rossetti@pec.it⟧ e non rispondete.'],
  ['sospensione', 'Attesa perizia del CTU ing. ⟦n:Fadda⟧, nominato dal tribunale.'],
  ['nota', 'Ha chiamato la badante della signora ⟦n:Carta⟧, ⟦n:Irina⟧, per il pasto a domicilio.'],
  ['faq', 'mia moglie ⟦n:anna⟧ ha perso la tessera elettorale, come facciamo?'],
  ['nota', 'Cittadino: ⟦n:SERRA GIOVANNI⟧ CF ⟦cf:SRRGNN58C10F979Y⟧'],
  ['commento', 'Grazie alla dottoressa ⟦n:Loi⟧ e alla sua collega ⟦n:Erika⟧.'],
  ['reclamo', "Abito al ⟦a:numero 7 di piazza Garibaldi⟧ e sotto casa c'è la movida tutte le notti."],
  [
    'nota',
    'Pagamento da rimborsare su ⟦iban:IT 60 X 05428 11101 000000123456⟧ intestato a ⟦n:Atzeni Marco⟧.',
  ],
  [
    'risposta',
    'Gentile sig. ⟦n:Atzeni⟧, in merito alla sua segnalazione del 4 marzo le comunichiamo che il cantiere chiuderà il 30.',
  ],
  ['nota', 'Appuntamento spostato su richiesta di ⟦n:Murru⟧.', ['Efisio Murru']],
  ['commento', 'Io, ⟦n:Efisio⟧, non sono soddisfatto per niente.', ['Efisio Murru']],
  [
    'open311',
    'Rifiuti ingombranti abbandonati da giorni davanti al cancello di ⟦a:via Nuoro 45⟧, dove abita mia madre.',
  ],
  ['faq', 'Mio figlio ⟦n:Gabriele⟧ nato il ⟦dn:3.9.2019⟧ può iscriversi alla prima elementare?'],
  ['nota', 'Telefonare alla sig.ra ⟦n:Maria Grazia Deiana⟧ al ⟦t:079 223344⟧ o al ⟦t:340 5566778⟧.'],
  ['reclamo', 'Il vostro dipendente ⟦n:Marco⟧ (non ricordo il cognome) mi ha risposto male.'],
  ['nota', 'Richiesta di copia del permesso per la targa ⟦p:GB 712 XT⟧, intestata a ⟦n:Pinna Rita⟧.'],
  ['commento', 'Ottimo lavoro di ⟦n:Matteo⟧ e ⟦n:Chiara⟧, grazie!'],
  ['nota', "Il sig. ⟦n:Abdou Diop⟧ chiede la carta d'identità: ha il passaporto n. ⟦num:AA1234567⟧."],
  ['reclamo', 'Sono la vicina della signora ⟦n:Melis⟧ di ⟦a:via Dante 9⟧: vive sola e nessuno la assiste.'],
  ['nota', 'Contatti del delegato: ⟦e:avv.pireddu@studiolegale.it⟧, ⟦t:070 400500⟧.'],
  ['faq', 'Posso chiedere il bonus per mio padre ⟦n:Giuseppe⟧ che vive con me?'],
  ['nota', 'Segnalazione telefonica del sig. ⟦n:Cabras⟧, non ha lasciato recapiti.'],
  ['commento', 'la signorina ⟦n:Valeria⟧ allo sportello 2 è stata fantastica'],
  ['nota', 'Rinnovo contrassegno per ⟦n:Ledda Antonio⟧ nato il ⟦dn:2/8/1940⟧.'],
  ['reclamo', 'Mi hanno dato appuntamento il 12/05 ma lavoro, chiamatemi al ⟦t:3921234567⟧.'],
  ['open311', 'Mio fratello ⟦n:Stefano⟧ è inciampato nella buca di via Tasso, si è rotto il polso.'],
  ['nota', 'Dati corretti: ⟦n:Sanna Giovanna Maria⟧, ⟦cf:SNNGNN71E41I452Q⟧.'],
  ['commento', 'Complimenti! ⟦n:Rita⟧'],
];

export const HOLDOUT3_CLEAN: [SnippetSource, string][] = [
  ['nota', 'Pratica 2026/0007788 chiusa con esito positivo il 03/03/2026.'],
  ['open311', 'Transenne lasciate in piazza Garibaldi dopo la fiera di San Giovanni.'],
  ['risposta', 'La Biblioteca comunale Sebastiano Satta effettua il prestito interbibliotecario.'],
  ['faq', 'Il mercato del martedì si sposta in viale Europa da aprile?'],
  ['commento', 'Sono rimasto soddisfatto, tempi giusti.'],
  ['nota', 'Inoltrata al SUAP per competenza (pratica n. 01234567890-13022026-1015).'],
  ['risposta', 'Il contributo è di 250 euro per ogni figlio sotto i 3 anni, domande entro il 31 marzo.'],
  ['open311', 'Semaforo pedonale di corso Vittorio Emanuele non funziona da lunedì.'],
  ['faq', "Dove si trova l'ufficio Stato civile? È in piazza Municipio 1?"],
  ['commento', 'Sono contenta del servizio ma il sito è lento.'],
  ['nota', "Richiesta di parere all'Avvocatura civica, termine 20 giorni."],
  ['risposta', 'La sagra di Santa Lucia si terrà il 13 dicembre nel centro storico.'],
  ['sospensione', 'Procedimento sospeso dal 01/02/2026 al 20/02/2026 per integrazione documentale.'],
  ['open311', 'Scritte sui muri della scuola Grazia Deledda, lato palestra.'],
  ['faq', 'Come si chiede la riduzione TARI per compostaggio domestico?'],
];
