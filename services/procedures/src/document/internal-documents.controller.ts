import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import { IDENTITY_SECRET, internalCaller } from '@urp/auth';
import { isDomainError } from '@urp/kernel';
import type { Request, Response } from 'express';
import { ProcedureDocumentUseCases } from './document.use-cases';

/**
 * `GET /internal/procedures/:procedureId/documents/:documentId`: the PDF of a notice (application/pdf). The caller
 * sends an identity signed with the platform's shared secret (`x-urp-identity`, `@urp/auth`'s `signIdentity`): a
 * service (campaigns attaches the notice at send time) or a staff member's identity as the gateway signs it; the
 * policy (`procedure.document`) decides, office scope included. REST, so the statuses are the contract:
 * 401 no or bad identity, 403 refused, 404 no such procedure or document. The file is named for what it is
 * (`comunicazione-avvio-<protocol>.pdf`, `preavviso-rigetto-<protocol>.pdf`): campaigns attaches it by that name.
 */
@Controller('internal/procedures')
export class InternalDocumentsController {
  constructor(
    private readonly documents: ProcedureDocumentUseCases,
    @Inject(IDENTITY_SECRET) private readonly secret: string,
  ) {}

  @Get(':procedureId/documents/:documentId')
  async document(
    @Param('procedureId') procedureId: string,
    @Param('documentId') documentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const who = await internalCaller(req, this.secret, { servicesOnly: false });
    try {
      const f = await this.documents.file(who, procedureId, documentId);
      res
        .status(200)
        .set({
          'content-type': f.contentType,
          'content-length': String(f.bytes.length),
          'content-disposition': `attachment; filename="${f.filename}"`,
          'cache-control': 'private, no-store',
          'x-content-sha256': f.sha256,
        })
        .end(f.bytes);
    } catch (e) {
      if (isDomainError(e) && e.code === 'FORBIDDEN') throw new ForbiddenException(e.message);
      if (isDomainError(e) && e.code === 'NOT_FOUND') throw new NotFoundException(e.message);
      throw e;
    }
  }
}
