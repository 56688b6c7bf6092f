import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { controlCharactersInLiterals } from './control-characters';

export interface QueryLimits {
  maxAliases: number;
  maxDepth: number;
  maxDirectives: number;
}

/** A refused request: the Italian message says what to change, `code` says which limit (kept by formatError). */
export const limitError = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

// graphql-armor's rules report through onReject; we word the error (Italian, with the limit) ourselves and
// report it instead of letting the rule throw out of graphql-js's validation
const report =
  (message: (found: number) => string, code: string, limit: number) =>
  (context: ValidationContext | null, error: GraphQLError) => {
    const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
    context?.reportError(limitError(message(found), code, { limit, found }));
  };

/**
 * The limits that need only the document (validated once per distinct query, before any execution):
 * aliases, depth, directives (graphql-armor) and control characters in string literals. Tokens are limited
 * by the parser itself (`parseOptions.maxTokens`); the cost, which depends on variables, and the public
 * slice, which depends on the caller, are checked per request by the request guard.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        report(
          (found) => `troppi alias nella richiesta: ${found}, il massimo è ${limits.maxAliases}`,
          'QUERY_TOO_MANY_ALIASES',
          limits.maxAliases,
        ),
      ],
    }),
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        report(
          (found) => `richiesta troppo annidata: profondità ${found}, il massimo è ${limits.maxDepth}`,
          'QUERY_TOO_DEEP',
          limits.maxDepth,
        ),
      ],
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [
        report(
          (found) => `troppe direttive nella richiesta: ${found}, il massimo è ${limits.maxDirectives}`,
          'QUERY_TOO_MANY_DIRECTIVES',
          limits.maxDirectives,
        ),
      ],
    }),
    controlCharactersInLiterals,
  ];
}
