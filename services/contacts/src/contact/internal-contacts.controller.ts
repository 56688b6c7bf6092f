import {
  Controller,
  ForbiddenException,
  Get,
  HttpException,
  Inject,
  Param,
  Query,
  Req,
} from '@nestjs/common';
import { IDENTITY_SECRET, internalCaller } from '@urp/auth';
import { isDomainError } from '@urp/kernel';
import type { Request } from 'express';
import { ProcedureFormUseCases } from './procedure-form.use-cases';

/**
 * Procedures fetches the application form of a procedure start here when it handles `ProcedureRequested`
 * (which only says `hasFormData`: the form holds personal data and never travels on an event). Like
 * `/internal/requesters`: a `service` identity signed with the shared secret only, audited. REST statuses are
 * the contract: 200 `{ contactId, formData }`; 404 no such start or no form; 409 already handed over (the
 * procedure has it); 410 erased on anonymisation (procedures refuses the start, `form_data_erased`).
 */
@Controller('internal/contacts')
export class InternalContactsController {
  constructor(
    private readonly forms: ProcedureFormUseCases,
    @Inject(IDENTITY_SECRET) private readonly secret: string,
  ) {}

  @Get(':contactId/procedure-form')
  async procedureForm(
    @Param('contactId') contactId: string,
    @Query('purpose') purpose: unknown,
    @Req() req: Request,
  ) {
    const who = await internalCaller(req, this.secret, { servicesOnly: true });
    let form;
    try {
      form = await this.forms.formOf(who, contactId, typeof purpose === 'string' ? purpose : '');
    } catch (e) {
      if (isDomainError(e) && e.code === 'BAD_USER_INPUT')
        throw new HttpException({ message: 'bad request', fields: e.fields }, 400);
      if (isDomainError(e) && e.code === 'FORBIDDEN') throw new ForbiddenException(e.message);
      throw e;
    }
    switch (form.status) {
      case 'ok':
        return { contactId, formData: form.formData };
      case 'erased':
        throw new HttpException(
          { message: `the form data of ${contactId} was erased`, status: form.status },
          410,
        );
      case 'handed_over':
        throw new HttpException(
          { message: `the form data of ${contactId} was handed over already`, status: form.status },
          409,
        );
      default:
        throw new HttpException({ message: `no procedure form for ${contactId}`, status: form.status }, 404);
    }
  }
}
