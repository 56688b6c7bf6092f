import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KB_CONFIG, type KnowledgeConfig } from './config';
import { ContentWorkflowResolver } from './content/content.resolver';
import { ContentScheduler } from './content/scheduler';
import { ContactRegisteredHandler } from './feedback/contact-registered.handler';
import { FeedbackService } from './feedback/feedback.service';
import { FormResolver } from './form/form.resolver';
import { FORM_MODEL, FormSchema } from './form/form.schema';
import { FormService } from './form/form.service';
import { OfficeResolver, ReferentResolver } from './organisation/organisation.resolver';
import {
  OFFICE_MODEL,
  OfficeSchema,
  REFERENT_MODEL,
  ReferentSchema,
} from './organisation/organisation.schema';
import { OrganisationService } from './organisation/organisation.service';
import { FaqProposedHandler } from './reply-template/faq-proposed.handler';
import { ReplyTemplateResolver } from './reply-template/reply-template.resolver';
import { REPLY_TEMPLATE_MODEL, ReplyTemplateSchema } from './reply-template/reply-template.schema';
import { ReplyTemplateService } from './reply-template/reply-template.service';
import { SheetSearchService } from './search/search.service';
import { ProcedureTypeChangedHandler } from './sheet/procedure-type-changed.handler';
import { SheetAttachmentResolver, SheetContentResolver, SheetResolver } from './sheet/sheet.resolver';
import {
  PROCEDURE_TERM_MODEL,
  ProcedureTermSchema,
  REVIEW_CLAIM_MODEL,
  ReviewClaimSchema,
  SHEET_MODEL,
  SHEET_STATS_MODEL,
  SheetSchema,
  SheetStatsSchema,
} from './sheet/sheet.schema';
import { SheetService } from './sheet/sheet.service';

/** The knowledge base: sheets, organisation, forms, reply templates, feedback, search, scheduler. */
@Module({})
export class KnowledgeModule {
  static forRoot(config: KnowledgeConfig): DynamicModule {
    return {
      module: KnowledgeModule,
      imports: [
        MongooseModule.forFeature([
          { name: SHEET_MODEL, schema: SheetSchema },
          { name: SHEET_STATS_MODEL, schema: SheetStatsSchema },
          { name: REVIEW_CLAIM_MODEL, schema: ReviewClaimSchema },
          { name: PROCEDURE_TERM_MODEL, schema: ProcedureTermSchema },
          { name: OFFICE_MODEL, schema: OfficeSchema },
          { name: REFERENT_MODEL, schema: ReferentSchema },
          { name: FORM_MODEL, schema: FormSchema },
          { name: REPLY_TEMPLATE_MODEL, schema: ReplyTemplateSchema },
        ]),
      ],
      controllers: [ProcedureTypeChangedHandler, ContactRegisteredHandler, FaqProposedHandler],
      providers: [
        { provide: KB_CONFIG, useValue: config },
        OrganisationService,
        SheetSearchService,
        SheetService,
        FormService,
        ReplyTemplateService,
        FeedbackService,
        ContentScheduler,
        ContentWorkflowResolver,
        OfficeResolver,
        ReferentResolver,
        SheetResolver,
        SheetContentResolver,
        SheetAttachmentResolver,
        FormResolver,
        ReplyTemplateResolver,
      ],
    };
  }
}
