import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { Public } from '@urp/auth';
import { sendPublicPage } from '@urp/public-pages';
import type { Response } from 'express';
import { InvitationUseCases, type AnswerOutcome } from '../invitation/invitation.use-cases';
import type { FormInput } from '../survey/survey.rules';
import { blankSurveyPage, PAGES, surveyPage } from './survey-page.html';

/**
 * The citizen's single-use survey link: `GET /s/<token>` shows the form, `POST /s/<token>` (a plain HTML
 * form post, no JavaScript) records the answer once. No login: the unguessable token is the credential.
 */
@Controller('s')
export class SurveyPageController {
  constructor(private readonly invitations: InvitationUseCases) {}

  /** No script, no third party, no referrer (the token is in the URL), nothing cached: the public pages' headers. */
  private send(res: Response, status: number, html: string) {
    sendPublicPage(res, status, html);
  }

  private render(res: Response, token: string, outcome: AnswerOutcome) {
    switch (outcome.state) {
      case 'invalid':
        return this.send(res, 404, PAGES.invalid());
      case 'expired':
        return this.send(res, 410, PAGES.expired());
      case 'answered':
        return this.send(res, 409, PAGES.answered());
      case 'thanks':
        return this.send(res, 200, PAGES.thanks());
      case 'pending':
        return this.send(
          res,
          200,
          blankSurveyPage(outcome.survey, `/s/${token}`, this.invitations.minSample),
        );
      case 'errors':
        return this.send(
          res,
          422,
          surveyPage(
            outcome.survey,
            `/s/${token}`,
            outcome.input,
            outcome.errors,
            this.invitations.minSample,
          ),
        );
    }
  }

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response) {
    this.render(res, token, await this.invitations.open(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async submit(@Param('token') token: string, @Body() body: FormInput, @Res() res: Response) {
    const input: FormInput = {};
    // only strings and string lists from the form; anything else is ignored
    for (const [k, v] of Object.entries(body ?? {}))
      if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) input[k] = v;
    this.render(res, token, await this.invitations.answer(token, input));
  }
}
