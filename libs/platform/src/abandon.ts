import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';

/** The GraphQL context of a subgraph request. */
export interface RequestContext {
  req: Request;
  /** Aborted when the client (the gateway) closes the connection before the response is sent. */
  signal: AbortSignal;
}

export function requestContext({ req, res }: { req: Request; res?: Response }): RequestContext {
  const controller = new AbortController();
  // `close` on the response before it finished: the client went away (on the request, `close` also
  // fires after a normal body read, so it says nothing)
  res?.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the request'));
  });
  return { req, signal: controller.signal };
}

/**
 * Work left behind by a client that gave up is abandoned where it is cheap: once the request's signal
 * is aborted, no further field resolver starts (each fails at once), so a large query stops fanning
 * out into the database. Resolvers already running finish; long ones can watch `context.signal`.
 */
export function abandonOnDisconnectPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ contextValue }) {
              if ((contextValue as Partial<RequestContext>).signal?.aborted) {
                throw new GraphQLError('the client closed the request', {
                  extensions: { code: 'CLIENT_CLOSED_REQUEST' },
                });
              }
            },
          };
        },
      };
    },
  };
}
