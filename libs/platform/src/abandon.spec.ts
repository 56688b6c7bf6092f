import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { abandonOnDisconnectPlugin, requestContext } from './abandon';

const fakeResponse = () => Object.assign(new EventEmitter(), { writableFinished: false });

describe('work abandoned when the client leaves', () => {
  it('aborts the signal when the connection closes before the answer, not after it', () => {
    const left = fakeResponse();
    const ctx = requestContext({ req: {} as Request, res: left as unknown as Response });
    expect(ctx.signal.aborted).toBe(false);
    left.emit('close');
    expect(ctx.signal.aborted).toBe(true);

    const answered = fakeResponse();
    const done = requestContext({ req: {} as Request, res: answered as unknown as Response });
    answered.writableFinished = true;
    answered.emit('close');
    expect(done.signal.aborted).toBe(false);
  });

  it('starts no further resolver once the signal is aborted', async () => {
    const plugin = abandonOnDisconnectPlugin();
    const listener = await plugin.requestDidStart!({} as never);
    const execution = await listener!.executionDidStart!({} as never);
    const willResolveField = (execution as { willResolveField: (a: unknown) => void }).willResolveField;
    const controller = new AbortController();
    const args = { contextValue: { signal: controller.signal } };
    expect(() => willResolveField(args)).not.toThrow();
    controller.abort();
    expect(() => willResolveField(args)).toThrow(GraphQLError);
  });
});
