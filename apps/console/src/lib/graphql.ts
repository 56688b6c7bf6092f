// The console's GraphQL client: a plain fetch to the same-origin /graphql, typed by the generated documents.
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, toApiError, type GraphQLErrorBody } from './errors';
import { session, signOut } from './auth';

export async function gqlRequest<R, V>(
  doc: TypedDocumentString<R, V>,
  ...[variables]: V extends Record<string, never> ? [] | [V] : [V]
): Promise<R> {
  const first = await send(doc, variables, false);
  // a gateway that does not know the operation yet (deployed without the console's manifest): send the text
  // once with its hash, as automatic persisted queries do; it is remembered from then on
  const notFound = first.body?.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND');
  const { res, body } = notFound ? await send(doc, variables, true) : first;
  return unwrap(res, body);
}

/** The operation's registered hash (GraphQL Code Generator's persisted documents: `sha256:<hex>`). */
function hashOf(doc: { __meta__?: Record<string, unknown> }): string | undefined {
  const hash = doc.__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
}

type Body<R> = { data?: R; errors?: GraphQLErrorBody[] };

async function send<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V | undefined,
  withText: boolean,
): Promise<{ res: Response; body: Body<R> | undefined }> {
  const s = session();
  const hash = hashOf(doc);
  // registered operations travel as their hash only: the gateway runs the text it registered
  const payload = hash
    ? {
        ...(withText ? { query: doc.toString() } : {}),
        variables: variables ?? {},
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }
    : { query: doc.toString(), variables: variables ?? {} };
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(s ? { authorization: `Bearer ${s.token}` } : {}),
      },
      body: JSON.stringify(payload),
    });
  } catch {
    throw new ApiError('Il servizio non risponde: controlla la connessione e riprova.', 'NETWORK');
  }
  let body: Body<R> | undefined;
  try {
    body = (await res.json()) as Body<R>;
  } catch {
    body = undefined;
  }
  return { res, body };
}

function unwrap<R>(res: Response, body: Body<R> | undefined): R {
  if (res.status === 401) {
    signOut(false);
    throw new ApiError('La sessione è scaduta o non è valida: accedi di nuovo.', 'UNAUTHENTICATED');
  }
  if (!body)
    throw new ApiError(
      `Il servizio ha risposto in modo inatteso (HTTP ${res.status}). Riprova tra poco.`,
      'HTTP',
    );
  if (body.errors?.length) throw toApiError(body.errors);
  if (!body.data) throw new ApiError('Risposta vuota dal servizio. Riprova tra poco.', 'EMPTY');
  return body.data;
}
