import { GraphQLError } from 'graphql';
import { maskUnexpectedErrors } from './graphql-errors';

/** What a resolver's error looks like to the formatter: a GraphQLError wrapping the thrown one. */
const thrown = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['registerContact'] });
const formatted = (e: GraphQLError) => ({ message: e.message, path: e.path, extensions: {} });

describe('errors as clients see them', () => {
  it('turns an unreachable database into a typed UNAVAILABLE with a retry hint and no address', () => {
    const driver = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
      name: 'MongoServerSelectionError',
    });
    const e = thrown(driver);
    const out = maskUnexpectedErrors(formatted(e), e);
    expect(out.extensions).toEqual({ code: 'UNAVAILABLE', retryAfterSeconds: 5 });
    expect(out.message).not.toMatch(/127\.0\.0\.1|27017/);
    expect(out.path).toEqual(['registerContact']);
  });

  it('recognises a network error wrapped as the cause of another', () => {
    const cause = Object.assign(new Error('connection 3 to 10.0.0.4:27017 closed'), {
      name: 'MongoNetworkError',
    });
    const e = thrown(new Error('write failed', { cause }));
    expect(maskUnexpectedErrors(formatted(e), e).extensions?.code).toBe('UNAVAILABLE');
  });

  it('keeps hiding anything else as an internal error', () => {
    const e = thrown(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(maskUnexpectedErrors(formatted(e), e)).toEqual({
      message: 'internal error',
      path: ['registerContact'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('says a request the client abandoned as such, not as an internal error', () => {
    const e = new GraphQLError('the client closed the request', {
      extensions: { code: 'CLIENT_CLOSED_REQUEST' },
    });
    expect(maskUnexpectedErrors(e.toJSON(), e).extensions?.code).toBe('CLIENT_CLOSED_REQUEST');
  });
});
