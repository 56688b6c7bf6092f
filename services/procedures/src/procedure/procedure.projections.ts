import { Injectable } from '@nestjs/common';
import { ProcedureDocumentUseCases } from '../document/document.use-cases';
import { AccessRegisterReadModel } from '../register/access-register.read-model';
import { registerRow } from '../register/access-register.rules';
import { ProcedureReadModel } from './procedure.read-model';
import type { Procedure } from './procedure.state';

/**
 * The read models of `procedures`, kept current after each write of this instance (and rebuildable from it): the
 * in-memory one (desks, lists, the clock's worklist) at once, the access register; and the PDFs of notices issued
 * by the write. The other instances follow through `ProcedureChanged`.
 */
@Injectable()
export class ProcedureProjections {
  constructor(
    private readonly reads: ProcedureReadModel,
    private readonly register: AccessRegisterReadModel,
    private readonly documents: ProcedureDocumentUseCases,
  ) {}

  async project(p: Procedure, _previousResponsibleId?: string): Promise<void> {
    this.reads.upsert(p);
    const row = registerRow(p);
    if (row) await this.register.put(row);
    await this.documents.storeNew(p);
  }
}
