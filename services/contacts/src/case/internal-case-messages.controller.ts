import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  Inject,
  Post,
  Req,
} from '@nestjs/common';
import { IDENTITY_SECRET, internalCaller } from '@urp/auth';
import { isDomainError } from '@urp/kernel';
import type { Request } from 'express';
import { CaseMessageTextUseCases } from './case-message-text.use-cases';

/**
 * Campaigns fetches the text of a case's public message here when it delivers a `CitizenNotificationRequested`
 * naming a `messageId` (the text never travels on an event). Like `/internal/contacts`: a `service` identity
 * signed with the shared secret only (401 without, 403 for anyone else), audited. 200
 * `{ messages: [{ caseId, messageId, status: ok | unknown | erased, text? }] }` in the order asked; 400 with
 * field errors for a bad body (at most 100 items).
 */
@Controller('internal/case-messages')
export class InternalCaseMessagesController {
  constructor(
    private readonly messages: CaseMessageTextUseCases,
    @Inject(IDENTITY_SECRET) private readonly secret: string,
  ) {}

  @Post()
  @HttpCode(200)
  async texts(@Body() body: unknown, @Req() req: Request) {
    const who = await internalCaller(req, this.secret, { servicesOnly: true });
    try {
      return { messages: await this.messages.texts(who, body) };
    } catch (e) {
      if (isDomainError(e) && e.code === 'BAD_USER_INPUT')
        throw new HttpException({ message: 'bad request', fields: e.fields }, 400);
      if (isDomainError(e) && e.code === 'FORBIDDEN') throw new ForbiddenException(e.message);
      throw e;
    }
  }
}
