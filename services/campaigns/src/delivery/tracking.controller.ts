import { Body, Controller, Get, Header, Headers, Param, Post, Res } from '@nestjs/common';
import { Public } from '@urp/auth';
import { publicPage, publicPageStyle, sendPublicPage, type PageFrame } from '@urp/public-pages';
import type { Response } from 'express';
import { TrackingUseCases } from './tracking.use-cases';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The administration named in the citizens' pages' header (the survey page's, in satisfaction, says the same;
 * campaigns' configuration has no name of its own yet).
 */
export const ADMINISTRATION = 'Comune di Borgo Aurelio';

/** The frame of the citizens' pages (`@urp/public-pages`): the same header, style and headers as the survey's. */
const FRAME: PageFrame = {
  administration: ADMINISTRATION,
  section: 'Comunicazioni ai cittadini',
  footer:
    'Questa pagina registra solo la sua scelta sul canale da cui è arrivato il messaggio; non raccoglie altri dati.',
  style: publicPageStyle(),
};

/** The pages a citizen reaches from a message's links, in the formal "Lei" of the other citizens' pages. */
export const TRACKING_PAGES = {
  invalid: () =>
    publicPage(
      FRAME,
      'Link non valido',
      `<h1>Link non valido</h1>
<p>Questo link non è valido o è stato copiato in modo incompleto. Provi ad aprirlo di nuovo dal messaggio ricevuto, oppure contatti l’Ufficio Relazioni con il Pubblico.</p>`,
    ),
  confirm: () =>
    publicPage(
      FRAME,
      'Disiscrizione',
      `<h1>Non desidera più ricevere queste comunicazioni?</h1>
<p>Se conferma, non le invieremo più comunicazioni informative del Comune su questo canale (e-mail, SMS o app IO, quello da cui è arrivato il messaggio).</p>
<p>Le comunicazioni sulle sue pratiche e sui suoi procedimenti continueranno ad arrivarle.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Sì, non desidero più riceverle</button></form>`,
    ),
  done: () =>
    publicPage(
      FRAME,
      'Disiscrizione completata',
      `<h1>Disiscrizione completata</h1>
<p>Non riceverà più comunicazioni informative del Comune su questo canale. Le comunicazioni sulle sue pratiche e sui suoi procedimenti continueranno ad arrivarle.</p>
<p>Se ha cambiato idea, può chiedere all’Ufficio Relazioni con il Pubblico di riattivarle.</p>`,
    ),
};

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
    if (!url) return sendPublicPage(res, 404, TRACKING_PAGES.invalid());
    return res.redirect(302, url);
  }

  /** The GET only asks (a link scanner unsubscribes nobody); the page's form makes the POST below. */
  @Get('u/:token')
  confirm(@Param('token') token: string, @Res() res: Response) {
    if (!this.tracking.valid(token)) return sendPublicPage(res, 404, TRACKING_PAGES.invalid());
    return sendPublicPage(res, 200, TRACKING_PAGES.confirm());
  }

  @Post('u/:token')
  async unsubscribe(@Param('token') token: string, @Res() res: Response) {
    const ok = await this.tracking.unsubscribe(token);
    return sendPublicPage(res, ok ? 200 : 404, ok ? TRACKING_PAGES.done() : TRACKING_PAGES.invalid());
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
