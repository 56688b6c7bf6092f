import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ClarityFeedbackReceivedV1, createEvent } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { applyOnce, updateWithEvents } from '@urp/persistence';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { parseInput } from '../content/errors';
import { SOURCE } from '../organisation/organisation.service';
import { SheetService } from '../sheet/sheet.service';
import { SHEET_STATS_MODEL } from '../sheet/sheet.schema';
import type { SheetStats } from '../sheet/sheet.types';
import { CLARITY_REASONS, priorityScore, rankUnclearSheets, type RankedSheet } from './feedback.rules';

const FeedbackInput = z.object({
  sheetId: z.string().min(1),
  clear: z.boolean(),
  reason: z.enum(CLARITY_REASONS).optional(),
});

/** Usage (contacts answered with a sheet) and the public's "was this clear?", per sheet. */
@Injectable()
export class FeedbackService {
  private readonly stats: Collection<Document>;

  constructor(
    @InjectModel(SHEET_STATS_MODEL) private readonly model: Model<any>,
    private readonly outbox: EventOutbox,
    private readonly sheets: SheetService,
  ) {
    this.stats = model.collection as unknown as Collection<Document>;
    outbox.track(model);
  }

  /**
   * Anonymous feedback from the public site on a published public sheet: the counter and its event are one
   * write. No free text is accepted (a reason code only): nothing personal can reach the event stream.
   */
  async submit(raw: unknown): Promise<{ feedbackId: string; received: boolean }> {
    const input = parseInput(FeedbackInput, raw, 'cannot record the feedback');
    await this.sheets.requireLivePublic(input.sheetId);
    const feedbackId = uuidv7();
    const now = new Date();
    const event = createEvent(
      ClarityFeedbackReceivedV1,
      input.sheetId,
      {
        feedbackId,
        sheetId: input.sheetId,
        clear: input.clear,
        reason: input.reason,
        receivedAt: now.toISOString(),
      },
      { source: SOURCE, time: now },
    );
    const entries = this.outbox.entries(event);
    const update = updateWithEvents({ $inc: { [input.clear ? 'clear' : 'unclear']: 1 } }, entries);
    await this.stats.updateOne({ _id: input.sheetId } as unknown as Filter<Document>, update as never, {
      upsert: true,
    });
    this.outbox.written(this.model, input.sheetId, entries);
    return { feedbackId, received: true };
  }

  /** A contact answered with these sheets (ids or slugs): one more use each, once per event. */
  async recordUsage(sheetRefs: string[], eventId: string): Promise<void> {
    for (const ref of new Set(sheetRefs)) {
      const sheet = (await this.sheets.find(ref)) ?? (await this.sheets.bySlug(ref));
      await applyOnce(this.stats, sheet?._id ?? ref, eventId, { $inc: { contacts: 1 } });
    }
  }

  async usageOf(sheetId: string): Promise<RankedSheet> {
    const s = (await this.stats.findOne({
      _id: sheetId,
    } as unknown as Filter<Document>)) as SheetStats | null;
    return priorityScore({
      sheetId,
      contacts: s?.contacts ?? 0,
      clear: s?.clear ?? 0,
      unclear: s?.unclear ?? 0,
    });
  }

  async ranking(first: number, minAnswers: number): Promise<RankedSheet[]> {
    const all = (await this.stats
      .find({}, { projection: { contacts: 1, clear: 1, unclear: 1 } })
      .toArray()) as unknown as SheetStats[];
    const usages = all.map((s) => ({
      sheetId: s._id,
      contacts: s.contacts ?? 0,
      clear: s.clear ?? 0,
      unclear: s.unclear ?? 0,
    }));
    return rankUnclearSheets(usages, minAnswers).slice(0, Math.min(Math.max(first, 1), 200));
  }
}
