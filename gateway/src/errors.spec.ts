import { GraphQLError } from 'graphql';
import { formatGatewayError, withoutAddresses } from './errors';

describe('gateway errors', () => {
  it('never lets an internal address out', () => {
    expect(
      withoutAddresses(
        'request to http://knowledge.urp.svc:4003/graphql failed, reason: connect ECONNREFUSED 10.0.0.7:4003',
      ),
    ).toBe('request to [servizio interno] failed, reason: connect ECONNREFUSED [indirizzo interno]');
    expect(withoutAddresses('protocollo 2025.10.1.1 registrato')).toBe('protocollo 2025.10.1.1 registrato');
  });

  it('gives a limit error its own code back (Apollo files every validation error under GRAPHQL_VALIDATION_FAILED)', () => {
    const original = new GraphQLError('troppi alias', { extensions: { code: 'QUERY_TOO_MANY_ALIASES' } });
    const wrapped = new GraphQLError('troppi alias', { originalError: original });
    expect(
      formatGatewayError(
        { message: 'troppi alias', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        wrapped,
      ),
    ).toEqual({ message: 'troppi alias', extensions: { code: 'QUERY_TOO_MANY_ALIASES' } });
  });
});
