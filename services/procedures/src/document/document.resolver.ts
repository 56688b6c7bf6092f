import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { ProcedureDocumentView } from '../procedure/procedure.view';
import { documentPath, ProcedureDocumentUseCases } from './document.use-cases';

/** The fields of `ProcedureDocument` that need more than the procedure: the PDF (office-scoped by the policy). */
@Resolver('ProcedureDocument')
export class ProcedureDocumentResolver {
  constructor(private readonly documents: ProcedureDocumentUseCases) {}

  @ResolveField('downloadUrl')
  async downloadUrl(@Parent() d: ProcedureDocumentView, @CurrentIdentity() who: Identity): Promise<string> {
    const f = await this.documents.file(who, d.procedureId, d.id);
    return `data:${f.contentType};base64,${f.bytes.toString('base64')}`;
  }

  @ResolveField('servicePath')
  servicePath(@Parent() d: ProcedureDocumentView): string {
    return documentPath(d.procedureId, d.id);
  }
}
