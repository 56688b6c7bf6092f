import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../edge/client-identity';
import { controlCharacterError, findControlCharacters } from './control-characters';
import { QueryCosts } from './query-cost';
import { outsidePublicSlice } from './public-slice';
import { limitError } from './query-limits';

export interface RequestGuardOptions {
  maxCost: number;
  defaultListSize: number;
  introspection: boolean;
}

/**
 * The checks that depend on the request, not only on the document: run once the operation is known and
 * before the query plan is executed, so a refused request never reaches a subgraph.
 */
export function requestGuardPlugin(options: RequestGuardOptions): ApolloServerPlugin<GatewayContext> {
  const costs = new QueryCosts(options.defaultListSize); // once per document and size values
  // the root fields outside the public slice, once per parsed operation (the document store keeps it)
  const outside = new WeakMap<OperationDefinitionNode, string[]>();
  const refusedFields = (operation: OperationDefinitionNode, document: DocumentNode) => {
    let fields = outside.get(operation);
    if (!fields)
      outside.set(operation, (fields = outsidePublicSlice(operation, document, options.introspection)));
    return fields;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue, schema }) {
          const variables = request.variables ?? {};
          const field = findControlCharacters(variables, '');
          if (field) throw controlCharacterError(field);

          if (contextValue.identity.anonymous && operation) {
            const refused = refusedFields(operation, document);
            if (refused.length)
              throw new GraphQLError(
                `per ${refused.join(', ')} serve un accesso del personale: accedi e riprova`,
                { extensions: { code: 'UNAUTHENTICATED', fields: refused, http: { status: 401 } } },
              );
          }

          let cost: number;
          try {
            cost = costs.of(schema, document, operation, variables, request.operationName ?? undefined);
          } catch (e) {
            // the variables do not fit their declared types: what execution would say, said now
            throw new GraphQLError((e as Error).message, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (cost > options.maxCost)
            throw limitError(
              `richiesta troppo costosa: costo stimato ${cost}, il massimo è ${options.maxCost} ` +
                '(riduci first/limit o i campi richiesti)',
              'QUERY_TOO_COSTLY',
              { limit: options.maxCost, found: cost },
            );
        },
      };
    },
  };
}
