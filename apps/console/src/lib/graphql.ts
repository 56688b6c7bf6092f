// The console's GraphQL client: a plain fetch to the same-origin /graphql, typed by the generated documents.
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, toApiError, type GraphQLErrorBody } from './errors';
import { session, signOut } from './auth';

export async function gqlRequest<R, V>(
  doc: TypedDocumentString<R, V>,
  ...[variables]: V extends Record<string, never> ? [] | [V] : [V]
): Promise<R> {
  const s = session();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(s ? { authorization: `Bearer ${s.token}` } : {}),
      },
      body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('Il servizio non risponde: controlla la connessione e riprova.', 'NETWORK');
  }
  if (res.status === 401) {
    signOut(false);
    throw new ApiError('La sessione è scaduta o non è valida: accedi di nuovo.', 'UNAUTHENTICATED');
  }
  let body: { data?: R; errors?: GraphQLErrorBody[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(
      `Il servizio ha risposto in modo inatteso (HTTP ${res.status}). Riprova tra poco.`,
      'HTTP',
    );
  }
  if (body.errors?.length) throw toApiError(body.errors);
  if (!body.data) throw new ApiError('Risposta vuota dal servizio. Riprova tra poco.', 'EMPTY');
  return body.data;
}
