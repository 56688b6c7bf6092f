import { z } from 'zod';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'use a lowercase code like tributi or ambiente_rifiuti');
const iso = z.iso.datetime({
  offset: true,
  message: 'an ISO-8601 date-time with offset, e.g. 2026-11-02T09:00:00+01:00',
});

export const SegmentInput = z
  .object({
    topics: z.array(code).max(20).optional(),
    areas: z.array(code).max(50).optional(),
    servicesUsed: z.array(code).max(50).optional(),
  })
  .strict();

const StepInput = z
  .object({
    channel: z.enum(['email', 'sms', 'io']),
    waitHours: z
      .number()
      .min(0, 'cannot be negative')
      .max(24 * 366, 'at most a year'),
    subject: z.string().trim().max(200).optional(),
    body: z.string().trim().min(10, 'write the message (at least 10 characters)').max(10_000),
  })
  .superRefine((s, ctx) => {
    if (s.channel === 'email' && !s.subject)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an email needs a subject' });
    if (s.channel === 'sms' && s.body.length > 640)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'an SMS is at most 640 characters (4 parts)' });
  });

export const JustificationInput = z.object({
  impersonal: z.boolean(),
  indispensable: z.boolean(),
  reason: z.string().trim().max(2000),
});

export const CampaignInput = z
  .object({
    title: z.string().trim().min(3, 'at least 3 characters').max(200),
    goal: z.string().trim().min(10, 'say what the campaign should change (at least 10 characters)').max(2000),
    topics: z.array(code).min(1, 'at least one topic').max(20),
    sheetIds: z.array(z.string().min(1)).max(20).default([]),
    segment: SegmentInput.default({}),
    steps: z.array(StepInput).min(1, 'at least one step').max(10),
    startsAt: iso,
    endsAt: iso.optional(),
    ownerId: z.string().min(1).max(128).optional(),
    blackoutJustification: JustificationInput.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.endsAt && new Date(c.endsAt) <= new Date(c.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });
export type CampaignInput = z.infer<typeof CampaignInput>;
