/**
 * Signed per-delivery tokens: `<deliveryId>.<hmac>`. Nobody can unsubscribe someone else or forge an open.
 * Two purposes, two keys derived from the secret: the citizen's links (open pixel, tracked links, one-click
 * unsubscribe, RFC 8058) and the provider's report URL. A token from a message never works as a report URL, so a
 * citizen cannot turn their own delivered email into a bounce (and the provider must also prove who it is).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

type Purpose = 'link' | 'provider-report';

export class TrackingLinks {
  constructor(
    private readonly secret: string,
    readonly baseUrl: string,
  ) {}

  token(deliveryId: string, purpose: Purpose = 'link'): string {
    return `${deliveryId}.${this.mac(deliveryId, purpose)}`;
  }

  /** The delivery id of a valid token for `purpose`, or undefined. */
  verify(token: string, purpose: Purpose = 'link'): string | undefined {
    const [id, mac] = token.split('.');
    if (!id || !mac || !/^dlv_[0-9a-f]{32}$/.test(id)) return undefined;
    const expected = Buffer.from(this.mac(id, purpose));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  openPixel = (deliveryId: string) => `${this.baseUrl}/t/o/${this.token(deliveryId)}.gif`;
  click = (deliveryId: string, linkId: string) => `${this.baseUrl}/t/c/${this.token(deliveryId)}/${linkId}`;
  unsubscribe = (deliveryId: string) => `${this.baseUrl}/u/${this.token(deliveryId)}`;
  feedback = (deliveryId: string) => `${this.baseUrl}/feedback/${this.token(deliveryId, 'provider-report')}`;

  private mac(id: string, purpose: Purpose): string {
    // the link MAC is the one already printed in sent messages; the report MAC is domain-separated
    const data = purpose === 'link' ? id : `${purpose}:${id}`;
    return createHmac('sha256', this.secret).update(data).digest('base64url').slice(0, 22);
  }
}

const URL_RE = /https?:\/\/[^\s<>"')]+/g;

/** The links of a message body, in order, each once (what gets tracked). */
export function extractLinks(body: string): string[] {
  return [...new Set(body.match(URL_RE) ?? [])];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

export interface RenderedMessage {
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * The message for one delivery: links rewritten to tracked ones, an unsubscribe line in every message, and the
 * RFC 8058 headers so mail clients show a one-click unsubscribe button.
 */
export function renderMessage(
  links: TrackingLinks,
  deliveryId: string,
  body: string,
  tracked: { linkId: string; url: string }[],
  channel: 'email' | 'sms' | 'io',
): RenderedMessage {
  const byUrl = new Map(tracked.map((l) => [l.url, l.linkId]));
  const rewrite = (url: string) => (byUrl.has(url) ? links.click(deliveryId, byUrl.get(url)!) : url);
  const unsubscribe = links.unsubscribe(deliveryId);
  const text = `${body.replace(URL_RE, rewrite)}\n\n${
    channel === 'email' ? 'Per non ricevere più queste comunicazioni: ' : 'Stop: '
  }${unsubscribe}`;
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => {
      let out = '';
      let last = 0;
      for (const m of p.matchAll(URL_RE)) {
        out +=
          escapeHtml(p.slice(last, m.index)) +
          `<a href="${escapeHtml(rewrite(m[0]))}">${escapeHtml(m[0])}</a>`;
        last = m.index! + m[0].length;
      }
      return `<p>${(out + escapeHtml(p.slice(last))).replace(/\n/g, '<br>')}</p>`;
    })
    .join('\n');
  const html = `<!doctype html><html lang="it"><body>${paragraphs}
<p style="font-size:small;color:#555">Hai ricevuto questo messaggio perché hai dato il consenso a ricevere comunicazioni del Comune.
<a href="${escapeHtml(unsubscribe)}">Non voglio più ricevere queste comunicazioni</a>.</p>
<img src="${escapeHtml(links.openPixel(deliveryId))}" width="1" height="1" alt=""></body></html>`;
  return {
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-URP-Delivery': deliveryId,
    },
  };
}
