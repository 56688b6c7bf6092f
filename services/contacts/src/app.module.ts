import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { IDENTITY_SECRET } from '@urp/auth';
import { catalog, CaseOutcome, CasePriority, ContactDirection, NotificationChannel } from '@urp/contracts';
import { KernelModule } from '@urp/kernel';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { CASE_ALERTS } from './case/case-alerts.rules';
import { CASE_STATUSES } from './case/case-phases.rules';
import { CaseResolver } from './case/case.resolver';
import { CaseTimers } from './case/case-timers.use-cases';
import { TimerClaimStore } from './case/case-timers.store';
import { CaseUseCases } from './case/case.use-cases';
import { CONTACTS_CONFIG, type ContactsConfig } from './config';
import { ProcedureHandlers } from './contact/contact.handlers';
import { ContactReadModel } from './contact/contact.read-model';
import { ContactSnapshotStore } from './contact/contact.read-model.snapshot';
import { ContactReadModelSync } from './contact/contact.read-model.sync';
import { ContactResolver } from './contact/contact.resolver';
import { ContactStore, FaqProposalStore } from './contact/contact.store';
import { ContactUseCases } from './contact/contact.use-cases';
import { CHANNELS, CONTACT_TYPES } from './contact/enums';
import { KnowledgeHandlers } from './directory/directory.handlers';
import { DirectoryStore } from './directory/directory.store';
import { Open311Controller } from './open311/open311.controller';
import { StatusPageController } from './status/status-page.controller';
import { InternalRequestersController } from './requester/internal-requesters.controller';
import { InternalContactsController } from './contact/internal-contacts.controller';
import { InternalCaseMessagesController } from './case/internal-case-messages.controller';
import { CaseMessageTextUseCases } from './case/case-message-text.use-cases';
import { ReceiptCodes } from './status/receipts';
import { ProcedureFormUseCases } from './contact/procedure-form.use-cases';
import { RequesterResolver } from './requester/requester.resolver';
import { REQUESTER_KINDS } from './requester/requester.rules';
import { PersonalDataAudit, RequesterStore } from './requester/requester.store';
import { RequesterSearchIndex } from './requester/requester.search';
import { RequesterUseCases } from './requester/requester.use-cases';
import { SettingsStore } from './settings/settings.store';
import { SettingsUseCases } from './settings/settings.use-cases';
import { configureCaseCalendar } from './shared/case-calendar';
import { contactsScrubber } from './shared/scrub.rules';

export const SERVICE = 'contacts';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: ContactsConfig): DynamicModule {
    // the administration's calendar for every case due date (@urp/legal-clock)
    configureCaseCalendar({
      ...(config.PATRON_SAINT_DAY
        ? { patronSaint: { ...config.PATRON_SAINT_DAY, name: config.PATRON_SAINT_NAME } }
        : {}),
      saturdayIsWorkingDay: config.SATURDAY_IS_WORKING_DAY,
    });
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          // GraphQL enum names ↔ domain values (the generated types say the same: codegen.config.ts)
          resolvers: {
            Channel: enumResolver(CHANNELS),
            ContactType: enumResolver(CONTACT_TYPES),
            ContactStatus: enumResolver(['open', 'closed']),
            ContactDirection: enumResolver(ContactDirection.options),
            CaseStatus: enumResolver(CASE_STATUSES),
            CasePriority: enumResolver(CasePriority.options),
            CaseOutcome: enumResolver(CaseOutcome.options),
            CaseAlert: enumResolver(CASE_ALERTS),
            RequesterKind: enumResolver(REQUESTER_KINDS),
            RequesterChannel: enumResolver(NotificationChannel.options),
          },
        }),
        KernelModule.forRoot({ source: '/urp/contacts', scrub: contactsScrubber }),
      ],
      controllers: [
        KnowledgeHandlers,
        ProcedureHandlers,
        InternalRequestersController,
        InternalContactsController,
        InternalCaseMessagesController,
        Open311Controller,
        StatusPageController,
      ],
      providers: [
        { provide: CONTACTS_CONFIG, useValue: config },
        { provide: IDENTITY_SECRET, useValue: config.IDENTITY_SECRET },
        ContactReadModel,
        RequesterSearchIndex,
        ContactStore,
        FaqProposalStore,
        RequesterStore,
        PersonalDataAudit,
        TimerClaimStore,
        DirectoryStore,
        SettingsStore,
        SettingsUseCases,
        ContactUseCases,
        CaseUseCases,
        CaseMessageTextUseCases,
        ReceiptCodes,
        RequesterUseCases,
        ProcedureFormUseCases,
        CaseTimers,
        ContactSnapshotStore,
        ContactReadModelSync,
        ContactResolver,
        CaseResolver,
        RequesterResolver,
      ],
    };
  }
}
