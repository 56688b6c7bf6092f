import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { catalog } from '@urp/contracts';
import { KernelModule } from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import type { KnowledgeConfig } from './config';
import { CONTENT_STATUSES } from './content/workflow.rules';
import { KnowledgeModule } from './knowledge.module';
import { ACCESS_CHANNELS } from './sheet/sheet.rules';

export const SERVICE = 'knowledge-base';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

/** GraphQL enum names (IN_REVIEW) ↔ the domain's values (in_review); codegen.config.ts types them the same. */
const ENUMS = {
  ContentStatus: enumResolver(CONTENT_STATUSES),
  ContentKind: enumResolver(['sheet', 'form', 'reply_template']),
  ContentAudience: enumResolver(['public', 'internal']),
  SheetAccessChannelKind: enumResolver(ACCESS_CHANNELS),
  SheetListFilter: enumResolver(['all', 'published', 'review_overdue', 'inconsistent', 'in_review', 'draft']),
  FormFieldKind: enumResolver(['text', 'number', 'date', 'single_choice', 'multiple_choice', 'file']),
  ReplyTemplateKind: enumResolver(['reply', 'faq']),
};

@Module({})
export class AppModule {
  static forRoot(config: KnowledgeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: ENUMS,
        }),
        // no contract field of ours is free text (see libs/contracts/src/events/knowledge-base.ts); the
        // scrubber is there for the day one is
        KernelModule.forRoot({ source: '/urp/knowledge-base', scrub: (text) => scrubPersonalData(text) }),
        KnowledgeModule.forRoot(config),
      ],
    };
  }
}
