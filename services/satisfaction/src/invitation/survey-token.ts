/**
 * The survey link's token: 256 random bits, so it cannot be guessed and says nothing about the case or the
 * person. Only its SHA-256 is used to look it up (a stolen database dump opens no survey). For delivery
 * (the desk prints it, the portal shows it) the token is kept sealed with AES-256-GCM until the survey is
 * answered or expires, then the seal is deleted.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const newSurveyToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are 43 base64url characters; anything else is not a token (and is not looked up). */
export const looksLikeToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export const hashSurveyToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const keyFrom = (secret: string) => createHash('sha256').update(`urp-survey-token-seal:${secret}`).digest();

export function sealToken(token: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unsealToken(sealed: string, secret: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
