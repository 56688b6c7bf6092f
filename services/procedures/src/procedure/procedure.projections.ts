import { Injectable } from '@nestjs/common';
import { ProcedureDocumentUseCases } from '../document/document.use-cases';
import { AccessRegisterReadModel } from '../register/access-register.read-model';
import { registerRow } from '../register/access-register.rules';
import { DeskReadModel } from './desk.read-model';
import type { Procedure } from './procedure.state';

/**
 * The read models of `procedures`, kept current after each write of this service (and rebuildable from it), and the
 * PDFs of notices issued by the write.
 */
@Injectable()
export class ProcedureProjections {
  constructor(
    private readonly desks: DeskReadModel,
    private readonly register: AccessRegisterReadModel,
    private readonly documents: ProcedureDocumentUseCases,
  ) {}

  async project(p: Procedure, previousResponsibleId?: string): Promise<void> {
    await this.desks.put(p, previousResponsibleId);
    const row = registerRow(p);
    if (row) await this.register.put(row);
    await this.documents.storeNew(p);
  }
}
