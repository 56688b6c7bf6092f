import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Actor } from '@urp/kernel';
import { authorizeOn, proceduresPolicy } from '../procedures.policy';
import type { Procedure } from '../procedure/procedure.state';
import { ProcedureStore } from '../procedure/procedure.store';
import { DocumentStore, type DocumentFile } from './document.store';
import { documentFileName, type ProcedureDocument } from './notice.document';
import { renderNoticePdf } from './notice.pdf';

/** Where services (and the gateway, for staff) fetch a document's PDF. */
export const documentPath = (procedureId: string, documentId: string): string =>
  `/internal/procedures/${encodeURIComponent(procedureId)}/documents/${encodeURIComponent(documentId)}`;

/**
 * The documents of a procedure: stored bytes. The notice's content is frozen on the procedure in the same write as
 * the act (and its `ApplicantNotificationRequested`); the PDF is rendered from it right after that write and stored
 * once in `procedure_documents`. Should the process stop in between, the first read renders it from the same
 * content (deterministic) and stores it: what is served is always what was, or would have been, sent.
 */
@Injectable()
export class ProcedureDocumentUseCases {
  /** Documents this instance knows are stored (saves a read per write; a restart re-checks). */
  private readonly known = new Set<string>();

  constructor(
    @Inject(ProcedureStore) private readonly procedures: Pick<ProcedureStore, 'get'>,
    @Inject(DocumentStore) private readonly files: Pick<DocumentStore, 'get' | 'has' | 'putIfAbsent'>,
  ) {}

  /** The PDF of one document, for staff of the procedure's office and for services (policy `procedure.document`). */
  async file(
    actor: Actor,
    procedureId: string,
    documentId: string,
  ): Promise<DocumentFile & { filename: string }> {
    // the role first: a refused caller learns nothing about what exists
    proceduresPolicy.authorize('procedure.document', actor);
    const p = await this.procedures.get(procedureId);
    if (!p) throw DomainError.notFound(`il procedimento ${procedureId}`);
    // the office's casework roles, the engaged substitute official, services (`authorizeOn`)
    authorizeOn('procedure.document', actor, p);
    const d = p.documents?.find((x) => x.id === documentId);
    if (!d) throw DomainError.notFound(`il documento ${documentId} del procedimento ${procedureId}`);
    const file = (await this.files.get(d.id)) ?? (await this.store(p, d));
    return { ...file, filename: documentFileName(d.kind, p.protocolNumber) };
  }

  /** After a write: renders and stores the procedure's documents not stored yet. */
  async storeNew(p: Procedure): Promise<void> {
    for (const d of p.documents ?? []) {
      if (this.known.has(d.id)) continue;
      if (!(await this.files.has(d.id))) await this.store(p, d);
      if (this.known.size > 50_000) this.known.clear();
      this.known.add(d.id);
    }
  }

  private async store(p: Procedure, d: ProcedureDocument): Promise<DocumentFile> {
    const bytes = await renderNoticePdf(d);
    return this.files.putIfAbsent({
      id: d.id,
      procedureId: p.id,
      kind: d.kind,
      title: d.title,
      createdAt: d.createdAt,
      bytes,
    });
  }
}
