/**
 * What a notification refers to, fetched from its owner at send time with this service's identity (as the address
 * lookup at contacts): the PDF of a procedure notice (`GET /internal/procedures/:procedureId/documents/:documentId`
 * on procedures) and the survey link of an invitation (`GET /internal/invitations/:invitationId/link` on
 * satisfaction; 410 when it was answered or expired). Neither is ever stored here.
 */
import { IDENTITY_HEADER, signIdentity } from '@urp/auth';

/** Why the content could not be fetched: permanent (it will never be there) or not (try again later). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(code);
  }
}

export interface FetchedDocument {
  filename: string;
  contentType: 'application/pdf';
  content: Buffer;
}

const SERVICE_IDENTITY = { sub: 'svc-campaigns', roles: ['service' as const] };

export class InternalSources {
  constructor(
    private readonly proceduresUrl: string,
    private readonly satisfactionUrl: string,
    private readonly identitySecret: string,
  ) {}

  private async get(url: string, unavailable: string): Promise<Response> {
    const identity = await signIdentity(SERVICE_IDENTITY, this.identitySecret);
    try {
      return await fetch(url, {
        headers: { [IDENTITY_HEADER]: identity },
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new SourceError(unavailable, false);
    }
  }

  /** The notice's PDF, as procedures generated and keeps it. */
  async document(procedureId: string, documentId: string): Promise<FetchedDocument> {
    const res = await this.get(
      `${this.proceduresUrl.replace(/\/$/, '')}/internal/procedures/${encodeURIComponent(procedureId)}/documents/${encodeURIComponent(documentId)}`,
      'procedures_unavailable',
    );
    if (res.status === 404 || res.status === 410) throw new SourceError('document_not_found', true);
    if (!res.ok) throw new SourceError(`procedures_${res.status}`, res.status >= 400 && res.status < 500);
    const content = Buffer.from(await res.arrayBuffer());
    if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new SourceError('document_not_pdf', true);
    const disposition = res.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    const filename = (named ? decodeURIComponent(named) : `${documentId}.pdf`).replace(/[\\/\r\n]/g, '_');
    return { filename, contentType: 'application/pdf', content };
  }

  /** The survey link; `survey_closed` when satisfaction answers 410 (answered or expired). */
  async surveyLink(invitationId: string): Promise<string> {
    const res = await this.get(
      `${this.satisfactionUrl.replace(/\/$/, '')}/internal/invitations/${encodeURIComponent(invitationId)}/link`,
      'satisfaction_unavailable',
    );
    if (res.status === 410) throw new SourceError('survey_closed', true);
    if (res.status === 404) throw new SourceError('survey_not_found', true);
    if (!res.ok) throw new SourceError(`satisfaction_${res.status}`, res.status >= 400 && res.status < 500);
    const body = await res.text();
    let link = body.trim();
    if (link.startsWith('{')) {
      const j = JSON.parse(link) as { url?: string; link?: string };
      link = j.url ?? j.link ?? '';
    }
    if (!/^https?:\/\/\S+$/.test(link)) throw new SourceError('survey_link_invalid', true);
    return link;
  }
}
