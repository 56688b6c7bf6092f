import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { buildSchema, execute, GraphQLError, parse } from 'graphql';
import { abandonOnDisconnect, abandonOnDisconnectPlugin, requestContext } from './abandon';

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

  it('as a schema transform: no resolver of the schema starts once the signal is aborted', async () => {
    const schema = buildSchema('type Query { sheet: Sheet } type Sheet { title: String, office: String }');
    const calls: string[] = [];
    schema.getQueryType()!.getFields().sheet!.resolve = () => (calls.push('sheet'), { title: 'Carta' });
    const sheet = schema.getType('Sheet') as import('graphql').GraphQLObjectType;
    sheet.getFields().office!.resolve = function (this: unknown, parent: { title: string }) {
      calls.push('office');
      return `ufficio di ${parent.title}`;
    };
    expect(abandonOnDisconnect(abandonOnDisconnect(schema))).toBe(schema); // twice: wrapped once
    const run = (signal: AbortSignal) =>
      execute({ schema, document: parse('{ sheet { title office } }'), contextValue: { signal } });

    const controller = new AbortController();
    expect(await run(controller.signal)).toEqual({
      data: { sheet: { title: 'Carta', office: 'ufficio di Carta' } },
    });
    expect(calls).toEqual(['sheet', 'office']);

    controller.abort();
    const left = await run(controller.signal);
    expect(left.data).toEqual({ sheet: null });
    expect(left.errors?.map((e) => e.extensions.code)).toEqual(['CLIENT_CLOSED_REQUEST']);
    expect(calls).toEqual(['sheet', 'office']); // nothing more ran
  });
});
