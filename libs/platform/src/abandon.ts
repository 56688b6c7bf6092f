import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';
import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

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

const clientClosed = () =>
  new GraphQLError('the client closed the request', { extensions: { code: 'CLIENT_CLOSED_REQUEST' } });

/**
 * Work left behind by a client that gave up is abandoned where it is cheap: once the request's signal
 * is aborted, no further field resolver starts (each fails at once), so a large query stops fanning
 * out into the database. Resolvers already running finish; long ones can watch `context.signal`.
 *
 * As an Apollo plugin its hook runs around every field of every request (Apollo then wraps every resolver,
 * the default ones too): the services use `abandonOnDisconnect` instead, which does the same for the
 * resolvers that run code.
 */
export function abandonOnDisconnectPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ contextValue }) {
              if ((contextValue as Partial<RequestContext>).signal?.aborted) throw clientClosed();
            },
          };
        },
      };
    },
  };
}

const ABANDONS = Symbol('abandons on disconnect');

/**
 * The same as `abandonOnDisconnectPlugin`, at no cost per field: every field resolver the schema defines
 * (queries, mutations, entity references, resolved fields: the ones that can reach the database) is wrapped
 * once, at start, to fail at once when the request's signal is aborted. Fields read from their parent
 * object (graphql's default resolver) are not wrapped: they do no work worth stopping. For Nest's
 * `transformSchema`; changes the schema's fields in place and returns it.
 */
export function abandonOnDisconnect(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as
        (GraphQLFieldResolver<unknown, unknown> & { [ABANDONS]?: true }) | undefined;
      if (!resolve || resolve[ABANDONS]) continue;
      const guarded: GraphQLFieldResolver<unknown, unknown> & { [ABANDONS]?: true } = function (
        this: unknown,
        source,
        args,
        contextValue,
        info,
      ) {
        if ((contextValue as Partial<RequestContext> | undefined)?.signal?.aborted) throw clientClosed();
        return resolve.call(this, source, args, contextValue, info);
      };
      guarded[ABANDONS] = true;
      field.resolve = guarded;
    }
  }
  return schema;
}
