import { z } from 'zod';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'usa un codice minuscolo come tributi o ambiente_rifiuti');
const iso = z.iso.datetime({
  offset: true,
  message: 'data e ora ISO-8601 con fuso, per esempio 2026-11-02T09:00:00+01:00',
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
      .min(0, 'non può essere negativo')
      .max(24 * 366, 'al massimo un anno'),
    subject: z.string().trim().max(200).optional(),
    body: z.string().trim().min(10, 'scrivi il messaggio (almeno 10 caratteri)').max(10_000),
  })
  .superRefine((s, ctx) => {
    if (s.channel === 'email' && !s.subject)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: "un'email ha bisogno di un oggetto" });
    if (s.channel === 'sms' && s.body.length > 640)
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'un SMS è di al massimo 640 caratteri (4 parti)',
      });
  });

export const JustificationInput = z.object({
  impersonal: z.boolean(),
  indispensable: z.boolean(),
  reason: z.string().trim().max(2000),
});

export const CampaignInput = z
  .object({
    title: z.string().trim().min(3, 'almeno 3 caratteri').max(200),
    goal: z.string().trim().min(10, "di' che cosa deve cambiare la campagna (almeno 10 caratteri)").max(2000),
    topics: z.array(code).min(1, 'almeno un tema').max(20),
    sheetIds: z.array(z.string().min(1)).max(20).default([]),
    segment: SegmentInput.default({}),
    steps: z.array(StepInput).min(1, 'almeno un passo').max(10),
    startsAt: iso,
    endsAt: iso.optional(),
    ownerId: z.string().min(1).max(128).optional(),
    blackoutJustification: JustificationInput.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.endsAt && new Date(c.endsAt) <= new Date(c.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: "deve essere dopo l'inizio (startsAt)" });
  });
export type CampaignInput = z.infer<typeof CampaignInput>;
