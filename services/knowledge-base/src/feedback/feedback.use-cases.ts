import { Inject, Injectable } from '@nestjs/common';
import { parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import { SheetUseCases } from '../sheet/sheet.use-cases';
import {
  FeedbackInput,
  priorityScore,
  rankUnclearSheets,
  clarityAnswered,
  eventsPerSheet,
  usageOf,
  type ContactUsage,
  type CountedEvent,
  type RankedSheet,
} from './feedback.rules';
import { SheetStatsStore, type SheetStatsPort } from './feedback.store';

/** Usage (contacts answered with a sheet) and the public's "was this clear?", per sheet. */
@Injectable()
export class FeedbackUseCases {
  constructor(
    @Inject(SheetStatsStore) private readonly stats: SheetStatsPort,
    @Inject(SheetUseCases)
    private readonly sheets: Pick<SheetUseCases, 'requireLivePublic' | 'byId' | 'bySlug'>,
    private readonly kernel: ServiceKernel,
  ) {}

  /**
   * Anonymous feedback from the public site on a published public sheet: the counter and its event are one
   * write. No free text is accepted (a reason code only): nothing personal can reach the event stream.
   */
  async submit(actor: Actor, raw: unknown): Promise<{ feedbackId: string; received: boolean }> {
    policy.authorize('feedback.submit', actor);
    const input = parseInput(FeedbackInput, raw);
    this.sheets.requireLivePublic(input.sheetId);
    const feedbackId = uuidv7();
    const event = clarityAnswered({ ...input, feedbackId }, this.kernel.context(actor));
    await this.stats.countClarity(input.sheetId, input.clear, [event]);
    return { feedbackId, received: true };
  }

  /** A contact answered with these sheets (ids or slugs): one more use each, once per event. */
  async recordUsage(sheetRefs: readonly string[], event: CountedEvent): Promise<void> {
    await this.recordUsages([{ event, sheetRefs }]);
  }

  /**
   * Contacts answered with sheets (a batch of events): one more use of each sheet per contact, once per event,
   * counted per sheet in one call (the store writes each of its shards once for all of them).
   */
  async recordUsages(contacts: readonly ContactUsage[]): Promise<void> {
    const resolve = (ref: string) => (this.sheets.byId(ref) ?? this.sheets.bySlug(ref))?.id ?? ref;
    for (const [sheetId, events] of eventsPerSheet(contacts, resolve))
      await this.stats.countContacts(sheetId, events);
  }

  async usageOf(sheetId: string): Promise<RankedSheet> {
    return priorityScore(usageOf(sheetId, await this.stats.get(sheetId)));
  }

  async ranking(actor: Actor, first: number, minAnswers: number): Promise<RankedSheet[]> {
    policy.authorize('sheet.unclear', actor);
    const all = await this.stats.find();
    return rankUnclearSheets(
      all.map((s) => usageOf(s.id, s)),
      minAnswers,
    ).slice(0, Math.min(Math.max(first, 1), 200));
  }
}
