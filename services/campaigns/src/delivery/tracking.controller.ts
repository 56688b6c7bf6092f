import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { Public } from '@urp/auth';
import type { Response } from 'express';
import { TrackingUseCases } from './tracking.use-cases';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const page = (title: string, body: string) =>
  `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto">${body}</body></html>`;

/**
 * What citizens reach from a message, without an account: open pixel, tracked links, one-click unsubscribe
 * (RFC 8058: the POST unsubscribes; the GET only asks, so link scanners unsubscribe nobody), provider feedback.
 */
@Controller()
@Public()
export class TrackingController {
  constructor(private readonly tracking: TrackingUseCases) {}

  @Get('t/o/:token')
  @Header('content-type', 'image/gif')
  @Header('cache-control', 'no-store')
  async open(@Param('token') token: string): Promise<Buffer> {
    await this.tracking.opened(token.replace(/\.gif$/, '')).catch(() => undefined);
    return PIXEL;
  }

  @Get('t/c/:token/:linkId')
  async click(@Param('token') token: string, @Param('linkId') linkId: string, @Res() res: Response) {
    const url = await this.tracking.clicked(token, linkId);
    if (!url) return res.status(404).send(page('Link non valido', '<p>Questo link non è valido.</p>'));
    return res.redirect(302, url);
  }

  @Get('u/:token')
  @Header('content-type', 'text/html; charset=utf-8')
  async confirm(@Param('token') token: string, @Res() res: Response) {
    if (!this.tracking.valid(token))
      return res.status(404).send(page('Link non valido', '<p>Questo link non è valido.</p>'));
    return res.send(
      page(
        'Disiscrizione',
        `<h1>Non vuoi più ricevere queste comunicazioni?</h1><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit">Sì, disiscrivimi</button></form>`,
      ),
    );
  }

  @Post('u/:token')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  async unsubscribe(@Param('token') token: string, @Res() res: Response) {
    const ok = await this.tracking.unsubscribe(token);
    if (!ok) return res.status(404).send(page('Link non valido', '<p>Questo link non è valido.</p>'));
    return res.send(
      page(
        'Disiscrizione completata',
        '<h1>Fatto</h1><p>Non riceverai più comunicazioni di questo tipo su questo canale.</p>',
      ),
    );
  }

  /**
   * Delivery reports from the SMS / IO providers: `{status: 'delivered' | 'bounced', code?}`, authenticated by the
   * provider's secret (`Authorization: Bearer …`) on the delivery's report URL, never by a citizen's link.
   */
  @Post('feedback/:token')
  async feedback(
    @Param('token') token: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: { status?: string; code?: string },
    @Res() res: Response,
  ) {
    if (!this.tracking.providerAuthenticated(authorization))
      return res
        .status(401)
        .json({ error: 'rapporto di consegna non autenticato: serve il segreto del fornitore' });
    if (!(await this.tracking.feedback(token, body?.status, body?.code)))
      return res.status(404).json({ error: 'consegna sconosciuta' });
    return res.status(204).end();
  }
}
