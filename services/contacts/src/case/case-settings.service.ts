import { Injectable } from '@nestjs/common';
import { ContactType } from '@urp/contracts';
import { invalidInput } from '@urp/platform';
import { z } from 'zod';
import { DirectoryRepository } from '../directory/directory.repository';
import {
  CASE_STATUSES,
  DEFAULT_DUE_POLICY,
  DEFAULT_PHASE_LABELS,
  type CaseStatus,
  type DuePolicyRule,
} from './case.rules';

const Rule = z
  .object({
    contactType: ContactType.optional(),
    categoryLevel1: z
      .string()
      .regex(/^[a-z0-9_]{1,60}$/)
      .optional(),
    days: z.number().int().min(1).max(365),
    reminderAfterDays: z.number().int().min(1).max(365).optional(),
    maxSuspensions: z.number().int().min(0).max(10).optional(),
    maxSuspensionDays: z.number().int().min(1).max(365).optional(),
  })
  .refine((r) => r.reminderAfterDays === undefined || r.reminderAfterDays < r.days, {
    path: ['reminderAfterDays'],
    message: 'the reminder must come before the due date',
  });
const Rules = z
  .array(Rule)
  .min(1)
  .max(200)
  .refine(
    (rs) => rs.some((r) => !r.contactType && !r.categoryLevel1),
    'a default rule (no type, no category) is required',
  );
const Label = z.string().trim().min(1, 'required').max(60);

/** The due-date policy and the phase labels of this administration (settings, cached for a few seconds). */
@Injectable()
export class CaseSettingsService {
  private cached?: { at: number; policy: DuePolicyRule[]; labels: Record<CaseStatus, string> };
  constructor(private readonly directory: DirectoryRepository) {}

  private async load() {
    if (this.cached && Date.now() - this.cached.at < 5000) return this.cached;
    const [policy, labels] = await Promise.all([
      this.directory.setting<DuePolicyRule[]>('due_policy'),
      this.directory.setting<Partial<Record<CaseStatus, string>>>('phase_labels'),
    ]);
    this.cached = {
      at: Date.now(),
      policy: policy ?? DEFAULT_DUE_POLICY,
      labels: { ...DEFAULT_PHASE_LABELS, ...labels },
    };
    return this.cached;
  }

  async policy(): Promise<DuePolicyRule[]> {
    return (await this.load()).policy;
  }

  async labels(): Promise<Record<CaseStatus, string>> {
    return (await this.load()).labels;
  }

  async setPolicy(rules: unknown): Promise<DuePolicyRule[]> {
    const parsed = Rules.safeParse(rules);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot set the due-date policy');
    await this.directory.putSetting('due_policy', parsed.data);
    this.cached = undefined;
    return parsed.data;
  }

  async setLabel(status: string, label: string): Promise<Record<CaseStatus, string>> {
    const parsed = z.object({ status: z.enum(CASE_STATUSES), label: Label }).safeParse({ status, label });
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot rename the phase');
    const current = (await this.directory.setting<Record<string, string>>('phase_labels')) ?? {};
    await this.directory.putSetting('phase_labels', { ...current, [parsed.data.status]: parsed.data.label });
    this.cached = undefined;
    return this.labels();
  }
}
