import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import { slowOrFailedRequestLog, unloggedRequest } from './request-log';

describe('slowOrFailedRequestLog', () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());
  beforeEach(() => warn.mockClear());

  const answer = (status: number, slowMs: number, body: unknown = { operationName: 'Cerca' }) => {
    const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
    const req = { method: 'POST', body, headers: { authorization: 'Bearer secret' } } as unknown as Request;
    const next = jest.fn();
    slowOrFailedRequestLog(slowMs)(req, res, next);
    expect(next).toHaveBeenCalled();
    res.emit('finish');
  };

  it('writes nothing for a request answered in time', () => {
    answer(200, 60_000);
    answer(400, 60_000);
    expect(warn).not.toHaveBeenCalled();
  });

  it('writes one line for a server error or a slow request, with the operation and no header', () => {
    answer(503, 60_000);
    answer(200, 0, { operationName: 'x'.repeat(500) });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]).toEqual([
      { method: 'POST', status: 503, ms: expect.any(Number), operation: 'Cerca' },
      'GraphQL request failed',
    ]);
    expect(warn.mock.calls[1][0]).toMatchObject({ status: 200, operation: 'x'.repeat(100) });
    expect(warn.mock.calls[1][1]).toBe('slow GraphQL request');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret');
  });
});

describe('unloggedRequest', () => {
  it('keeps the survey link (its URL is the credential) and the probes out of the request log', () => {
    expect(unloggedRequest(`/s/${'A'.repeat(43)}`)).toBe(true);
    expect(unloggedRequest('/health/ready')).toBe(true);
    expect(unloggedRequest('/open311/v2/requests.json')).toBe(false);
    expect(unloggedRequest('/internal/invitations/inv_1/link')).toBe(false);
  });
});
