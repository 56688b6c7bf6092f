import type { ApolloServerPlugin } from '@apollo/server';

const CACHEABLE = /^max-age=\d+, (public|private)$/;

/**
 * `cache-control: no-store` on every GraphQL response, written once per response. Apollo's cache-control
 * plugin wrote the same header (no schema of ours gives a cache hint, so no answer is ever cacheable) but ran a
 * hook on every field of every request to find that out (2.4 % of the knowledge base's CPU on a search, issue
 * 17). Use with `ApolloServerPluginCacheControlDisabled()`. As Apollo's did, it leaves a header it could not
 * read to whoever set it, and overrides a cacheable one.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const existing = response.http.headers.get('cache-control');
          if (!existing || existing === 'no-store' || CACHEABLE.test(existing))
            response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
