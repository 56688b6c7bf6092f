import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { catalog, ProcedureKind, ProcedureOutcome, SilenceRule } from '@urp/contracts';
import { KernelModule } from '@urp/kernel';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { scrubPersonalData } from '@urp/privacy';
import type { ProceduresConfig } from './config';
import { ProcedureModule } from './procedure/procedure.module';

export const SERVICE = 'procedures';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: ProceduresConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: {
            ProcedureKind: enumResolver(ProcedureKind.options),
            ProcedureSilenceRule: enumResolver(SilenceRule.options),
            ProcedureOutcome: enumResolver(ProcedureOutcome.options),
            ProcedureInitiative: enumResolver(['party', 'office']),
            ProcedureStatus: enumResolver(['submitted', 'started', 'suspended', 'decided']),
            ProcedureClockPhase: enumResolver(['ordinary', 'substitute']),
          },
        }),
        // the catalogue's texts in ProcedureTypeChanged are the only free text this service emits
        KernelModule.forRoot({ source: `/urp/${SERVICE}`, scrub: (text) => scrubPersonalData(text) }),
        ProcedureModule.forRoot(config),
      ],
    };
  }
}
