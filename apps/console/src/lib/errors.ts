// API errors in Italian, next to the field they name. The subgraphs answer BAD_USER_INPUT with
// `extensions.fields` (path → zod message, in English); the operator reads Italian.

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; fields?: Record<string, string>; [k: string]: unknown };
}

/** An operation refused by the API: a general message and, per input field, what is wrong with it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// some services already answer in Italian ("il titolo deve avere almeno 3 caratteri")
const ITALIAN =
  /\b(deve|devono|non|almeno|obbligatori[oa]|valore|campo|già|solo|chi|della|degli|stato|di|un|una|il|per|scrivi|usa|nessun)\b/i;
const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;

/** One zod message (English) in Italian; unknown messages keep their detail after an Italian lead. */
export function fieldMessageIt(message: string): string {
  const m = message.trim();
  let x: RegExpMatchArray | null;
  if (/received undefined|required/i.test(m)) return 'Campo obbligatorio.';
  if ((x = m.match(/too small.*string.*>=?\s*(\d+)/i))) {
    return Number(x[1]) <= 1 ? 'Campo obbligatorio.' : `Troppo corto: almeno ${x[1]} caratteri.`;
  }
  if ((x = m.match(/too big.*string.*<=?\s*(\d+)/i))) return `Troppo lungo: al massimo ${x[1]} caratteri.`;
  if ((x = m.match(/too small.*>=?\s*(\d+)/i))) return `Valore troppo basso: almeno ${x[1]}.`;
  if ((x = m.match(/too big.*<=?\s*(\d+)/i))) return `Valore troppo alto: al massimo ${x[1]}.`;
  if (/invalid (option|enum)/i.test(m)) return 'Scegli uno dei valori proposti.';
  if (/invalid email|email address/i.test(m)) return 'Indirizzo email non valido.';
  // contacts' refusal of a second requester with one fiscal code says what to do: shown as it is
  if (/^esiste già/i.test(m)) return sentence(m);
  if (/fiscal code|codice fiscale/i.test(m)) return 'Codice fiscale non valido.';
  if (/unknown or inactive referent/i.test(m)) return 'Referente sconosciuto o non attivo.';
  if (/unknown or inactive office|unknown office/i.test(m)) return 'Ufficio sconosciuto o non attivo.';
  if (/invalid/i.test(m)) return 'Valore non valido.';
  if (ITALIAN.test(m)) return sentence(m);
  return `Valore non accettato (${m}).`;
}

/** The general message of an error, in Italian, by its code and the known messages of the API. */
export function messageIt(err: GraphQLErrorBody): string {
  const code = err.extensions?.code ?? '';
  const m = err.message ?? '';
  // services that already explain themselves in Italian are shown as they are (not input errors: those are per field)
  if (code !== 'BAD_USER_INPUT' && code !== 'INTERNAL_SERVER_ERROR' && ITALIAN.test(m)) return sentence(m);
  if (/approver must be someone other/i.test(m)) {
    return "Regola dei quattro occhi: non puoi approvare una revisione che hai scritto o inviato tu. Deve approvarla un'altra persona.";
  }
  if (/only content in review can be approved/i.test(m))
    return 'Si può approvare solo una revisione in verifica.';
  switch (code) {
    case 'BAD_USER_INPUT':
      return 'Alcuni campi non sono validi: correggili e riprova. Quanto hai scritto è stato conservato.';
    case 'UNAUTHENTICATED':
      return 'La sessione è scaduta o non è valida: accedi di nuovo.';
    case 'FORBIDDEN':
      return 'Il tuo ruolo non consente questa operazione.';
    case 'NOT_FOUND':
      return 'Elemento non trovato: potrebbe essere stato eliminato o unito a un altro.';
    case 'UNAVAILABLE':
    case 'BAD_GATEWAY':
      return 'Un servizio della piattaforma non è disponibile in questo momento: riprova tra qualche secondo.';
    case 'CONFLICT':
      return `Operazione non possibile nello stato attuale (${m}).`;
    default:
      if (code.startsWith('QUERY_'))
        return 'La richiesta è troppo ampia: restringi i filtri o riduci il numero di righe.';
      return 'Il servizio non ha potuto completare l’operazione. Riprova tra poco; se il problema continua, avvisa l’assistenza.';
  }
}

/** The first error of a GraphQL response as an ApiError (Italian messages, per-field errors). */
export function toApiError(errors: GraphQLErrorBody[]): ApiError {
  const first = errors[0];
  const fields: Record<string, string> = {};
  for (const e of errors) {
    for (const [path, msg] of Object.entries(e.extensions?.fields ?? {})) {
      fields[path.replace(/^input\./, '')] ??= fieldMessageIt(String(msg));
    }
  }
  return new ApiError(messageIt(first), first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', fields);
}

/** The message for a field named `name` (exact path, or the last segment of the API's path). */
export function fieldError(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const hit = Object.keys(fields).find((k) => k === name || k.endsWith(`.${name}`));
  return hit ? fields[hit] : undefined;
}
