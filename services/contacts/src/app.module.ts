import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IDENTITY_SECRET } from '@urp/auth';
import { catalog, CaseOutcome, CasePriority, ContactDirection, NotificationChannel } from '@urp/contracts';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { CaseSettingsService } from './case/case-settings.service';
import { CaseTimersService } from './case/case-timers.service';
import { CaseResolver } from './case/case.resolver';
import { CASE_STATUSES } from './case/case.rules';
import { CaseService } from './case/case.service';
import { CONTACTS_CONFIG, type ContactsConfig } from './config';
import { ContactRepository } from './contact/contact.repository';
import { ContactResolver } from './contact/contact.resolver';
import {
  ContactDocument,
  ContactSchema,
  FaqProposalDocument,
  FaqProposalSchema,
  ProtocolCounterDocument,
  ProtocolCounterSchema,
  TimerClaimDocument,
  TimerClaimSchema,
} from './contact/contact.schema';
import { ContactService } from './contact/contact.service';
import { CHANNELS, CONTACT_TYPES } from './contact/enums';
import { DirectoryRepository } from './directory/directory.repository';
import {
  DirectoryDocument,
  DirectorySchema,
  SettingsDocument,
  SettingsSchema,
} from './directory/directory.schema';
import { KnowledgeHandlers } from './directory/knowledge.handlers';
import { Open311Controller } from './open311/open311.controller';
import { InternalRequestersController } from './requester/internal-requesters.controller';
import { RequesterRepository } from './requester/requester.repository';
import { RequesterResolver } from './requester/requester.resolver';
import { REQUESTER_KINDS } from './requester/requester.rules';
import { AuditDocument, AuditSchema, RequesterDocument, RequesterSchema } from './requester/requester.schema';
import { RequesterService } from './requester/requester.service';

export const SERVICE = 'contacts';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: ContactsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: {
            Channel: enumResolver(CHANNELS),
            ContactType: enumResolver(CONTACT_TYPES),
            ContactStatus: enumResolver(['open', 'closed']),
            ContactDirection: enumResolver(ContactDirection.options),
            CaseStatus: enumResolver(CASE_STATUSES),
            CasePriority: enumResolver(CasePriority.options),
            CaseOutcome: enumResolver(CaseOutcome.options),
            RequesterKind: enumResolver(REQUESTER_KINDS),
            RequesterChannel: enumResolver(NotificationChannel.options),
          },
        }),
        MongooseModule.forFeature([
          { name: ContactDocument.name, schema: ContactSchema },
          { name: TimerClaimDocument.name, schema: TimerClaimSchema },
          { name: ProtocolCounterDocument.name, schema: ProtocolCounterSchema },
          { name: FaqProposalDocument.name, schema: FaqProposalSchema },
          { name: RequesterDocument.name, schema: RequesterSchema },
          { name: AuditDocument.name, schema: AuditSchema },
          { name: DirectoryDocument.name, schema: DirectorySchema },
          { name: SettingsDocument.name, schema: SettingsSchema },
        ]),
      ],
      controllers: [KnowledgeHandlers, InternalRequestersController, Open311Controller],
      providers: [
        { provide: CONTACTS_CONFIG, useValue: config },
        { provide: IDENTITY_SECRET, useValue: config.IDENTITY_SECRET },
        ContactRepository,
        RequesterRepository,
        DirectoryRepository,
        CaseSettingsService,
        ContactService,
        CaseService,
        RequesterService,
        CaseTimersService,
        ContactResolver,
        CaseResolver,
        RequesterResolver,
      ],
    };
  }
}
