import { Controller, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { formParserOutsideGraphql } from './bootstrap';

@Controller()
class EchoController {
  @Post('form')
  form(@Req() req: Request) {
    return { body: req.body ?? null };
  }
  @Post('graphql')
  graphql(@Req() req: Request) {
    return { body: req.body ?? null };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe("the services' body parsers", () => {
  let app: NestExpressApplication;
  let url: string;
  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(EchoModule, { logger: false });
    formParserOutsideGraphql(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  const post = (path: string, body: string, type: string) =>
    fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': type } }).then(
      (r) => r.json() as Promise<{ body: unknown }>,
    );

  it('parse forms and JSON everywhere, and only JSON on /graphql', async () => {
    const form = 'attributes[rating]=5&description=Buca+in+via+Roma';
    expect(await post('/form', form, 'application/x-www-form-urlencoded')).toEqual({
      body: { attributes: { rating: '5' }, description: 'Buca in via Roma' },
    });
    expect(await post('/form', '{"a":1}', 'application/json')).toEqual({ body: { a: 1 } });
    expect(await post('/graphql', '{"query":"{ a }"}', 'application/json')).toEqual({
      body: { query: '{ a }' },
    });
    expect(await post('/graphql', form, 'application/x-www-form-urlencoded')).toEqual({ body: null });
  });

  it('are one of each: Nest adds no form parser of its own beside this one', () => {
    const names = (
      app.getHttpAdapter().getInstance() as { router: { stack: { handle: { name: string } }[] } }
    ).router.stack.map((l) => l.handle.name);
    expect(names.filter((n) => n === 'urlencodedParser')).toHaveLength(1);
    expect(names.filter((n) => n === 'jsonParser')).toHaveLength(1);
  });
});
