import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MONGO_DB } from '@urp/kernel';
import { Binary, type Collection, type Db } from 'mongodb';
import type { DocumentKind } from './notice.document';

/** A rendered document as stored: the bytes sent to the applicant, with their digest. */
export interface StoredDocument {
  _id: string;
  procedureId: string;
  kind: DocumentKind;
  title: string;
  createdAt: string;
  contentType: 'application/pdf';
  size: number;
  sha256: string;
  bytes: Binary;
}

export interface DocumentFile {
  id: string;
  procedureId: string;
  title: string;
  contentType: 'application/pdf';
  sha256: string;
  bytes: Buffer;
}

const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

const toFile = (d: StoredDocument): DocumentFile => ({
  id: d._id,
  procedureId: d.procedureId,
  title: d.title,
  contentType: d.contentType,
  sha256: d.sha256,
  bytes: Buffer.from(d.bytes.buffer),
});

/**
 * `procedure_documents` (`_id` = the document id): the PDF bytes of each notice, written once (insert; a second
 * writer of the same document finds it there and keeps the first bytes). Only `{_id}` reads (FerretDB's index).
 */
@Injectable()
export class DocumentStore {
  private readonly docs: Collection<StoredDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.docs = db.collection<StoredDocument>('procedure_documents');
  }

  async get(id: string): Promise<DocumentFile | null> {
    const d = await this.docs.findOne({ _id: id });
    return d ? toFile(d) : null;
  }

  async has(id: string): Promise<boolean> {
    return (await this.docs.countDocuments({ _id: id }, { limit: 1 })) > 0;
  }

  /** Stores the bytes unless the document is already there; returns what is stored. */
  async putIfAbsent(d: {
    id: string;
    procedureId: string;
    kind: DocumentKind;
    title: string;
    createdAt: string;
    bytes: Buffer;
  }): Promise<DocumentFile> {
    const doc: StoredDocument = {
      _id: d.id,
      procedureId: d.procedureId,
      kind: d.kind,
      title: d.title,
      createdAt: d.createdAt,
      contentType: 'application/pdf',
      size: d.bytes.length,
      sha256: createHash('sha256').update(d.bytes).digest('hex'),
      bytes: new Binary(d.bytes),
    };
    try {
      await this.docs.insertOne(doc);
      return toFile(doc);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const existing = await this.get(d.id);
      if (!existing) throw e;
      return existing;
    }
  }
}
