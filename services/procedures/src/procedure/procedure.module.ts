import { DynamicModule, Module } from '@nestjs/common';
import { ProcedureTypeResolver } from '../catalogue/procedure-type.resolver';
import { ProcedureTypeStore } from '../catalogue/procedure-type.store';
import { ProcedureTypeUseCases } from '../catalogue/procedure-type.use-cases';
import { SuspensionKindResolver } from '../catalogue/suspension-kind.resolver';
import { SuspensionKindStore } from '../catalogue/suspension-kind.store';
import { SuspensionKindUseCases } from '../catalogue/suspension-kind.use-cases';
import { IDENTITY_SECRET } from '@urp/auth';
import { DirectoryHandlers } from '../directory/directory.handlers';
import { DirectoryStore } from '../directory/directory.store';
import { DocumentStore } from '../document/document.store';
import { ProcedureDocumentUseCases } from '../document/document.use-cases';
import { ProcedureDocumentResolver } from '../document/document.resolver';
import { InternalDocumentsController } from '../document/internal-documents.controller';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { AccessRegisterReadModel } from '../register/access-register.read-model';
import { AccessRegisterResolver } from '../register/access-register.resolver';
import { FormVersionsReadModel } from './form-versions.read-model';
import { LegalClockUseCases } from './legal-clock.use-cases';
import { ProcedureContexts } from './procedure.context';
import { ProcedureHandlers } from './procedure.handlers';
import { ProcedureProjections } from './procedure.projections';
import { ProcedureReadModel } from './procedure.read-model';
import { ProcedureSnapshotStore } from './procedure.read-model.snapshot';
import { ProcedureReadModelSync } from './procedure.read-model.sync';
import { ProcedureResolver } from './procedure.resolver';
import { ClockClaimStore, ProcedureStore } from './procedure.store';
import { ProcedureUseCases } from './procedure.use-cases';
import { StaffContacts } from './staff-contacts.store';
import { StartRefusals, StartRefusalStore } from './start-refusal';
import { ProcedureStatusPageController } from '../status/status-page.controller';

@Module({})
export class ProcedureModule {
  static forRoot(config: ProceduresConfig): DynamicModule {
    return {
      module: ProcedureModule,
      controllers: [
        ProcedureHandlers,
        DirectoryHandlers,
        InternalDocumentsController,
        ProcedureStatusPageController,
      ],
      providers: [
        { provide: PROCEDURES_CONFIG, useValue: config },
        { provide: IDENTITY_SECRET, useValue: config.IDENTITY_SECRET },
        DocumentStore,
        DirectoryStore,
        ProcedureDocumentUseCases,
        ProcedureDocumentResolver,
        ProcedureTypeStore,
        SuspensionKindStore,
        SuspensionKindUseCases,
        SuspensionKindResolver,
        ProcedureStore,
        ClockClaimStore,
        StartRefusalStore,
        StartRefusals,
        StaffContacts,
        ProcedureReadModel,
        ProcedureReadModelSync,
        ProcedureSnapshotStore,
        AccessRegisterReadModel,
        FormVersionsReadModel,
        ProcedureProjections,
        ProcedureContexts,
        ProcedureTypeUseCases,
        ProcedureUseCases,
        LegalClockUseCases,
        ProcedureResolver,
        ProcedureTypeResolver,
        AccessRegisterResolver,
      ],
    };
  }
}
