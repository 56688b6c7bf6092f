import { z } from 'zod';

/** A pseudonymous citizen id: the only reference to a person that may travel in events (GDPR, minimisation). */
export const RequesterId = z.string().regex(/^req_[A-Za-z0-9_-]{6,64}$/, 'pseudonymous requester id (req_…)');

/** A staff member's id (the `sub` of their token). */
export const StaffId = z.string().min(1).max(128);

export const Timestamp = z.iso.datetime({ offset: true });

/** Contact channels (L. 150/2000 art. 8: the URP interconnects channels). */
export const Channel = z.enum(['desk', 'phone', 'email', 'pec', 'web_form', 'app', 'social', 'letter']);
export type Channel = z.infer<typeof Channel>;

export const ContactType = z.enum([
  'information',
  'forms',
  'document_access',
  'civic_access',
  'foia',
  'report',
  'complaint',
  'suggestion',
  'praise',
  'procedure_start',
]);
export type ContactType = z.infer<typeof ContactType>;

/** Channels on which a citizen can be reached by a message (preferred channel of a requester). */
export const NotificationChannel = z.enum(['email', 'pec', 'sms', 'io', 'letter', 'phone']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;
