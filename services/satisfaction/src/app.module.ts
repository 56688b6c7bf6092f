import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { IDENTITY_SECRET } from '@urp/auth';
import { catalog } from '@urp/contracts';
import { KernelModule } from '@urp/kernel';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { scrubPersonalData } from '@urp/privacy';
import { ENUM_VALUES } from '../codegen.config';
import { ImprovementActionStore, AlertStore } from './alerts/alert.store';
import { AlertUseCases } from './alerts/alert.use-cases';
import { AlertsResolver } from './alerts/alerts.resolver';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from './config';
import { IndicatorsResolver, IndicatorsStatusResolver } from './indicators/indicators.resolver';
import { IndicatorsRuntime } from './indicators/indicators.runtime';
import { IndicatorRebuildStore, SnapshotStore } from './indicators/indicators.store';
import { IndicatorsUseCases } from './indicators/indicators.use-cases';
import { InternalInvitationsController } from './internal/internal-invitations.controller';
import { SurveyDueHandler } from './invitation/invitation.handlers';
import {
  CaseSatisfactionResolver,
  ContactInvitationResolver,
  ProcedureSatisfactionResolver,
  SurveyInvitationResolver,
} from './invitation/invitation.resolver';
import { InvitationStore } from './invitation/invitation.store';
import { InvitationUseCases } from './invitation/invitation.use-cases';
import { SurveyPageController } from './public/survey-page.controller';
import { SurveyResolver } from './survey/survey.resolver';
import { SurveyStore } from './survey/survey.store';
import { SurveyUseCases } from './survey/survey.use-cases';

export const SERVICE = 'satisfaction';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

/** Schema enums map to the domain's lowercase values (`CASE_CLOSED` ⇄ `case_closed`); codegen types them so. */
const ENUMS = Object.fromEntries(
  Object.entries(ENUM_VALUES).map(([name, values]) => [name, enumResolver(values)]),
);

/** The satisfaction service: one module, one provider list per feature (survey, invitation, alerts, indicators). */
@Module({})
export class AppModule {
  static forRoot(config: SatisfactionConfig): DynamicModule {
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
        // free text leaving the service (survey comments, improvement actions) is scrubbed of personal data
        KernelModule.forRoot({ source: `/urp/${SERVICE}`, scrub: (text) => scrubPersonalData(text) }),
      ],
      controllers: [SurveyDueHandler, SurveyPageController, InternalInvitationsController],
      providers: [
        { provide: SATISFACTION_CONFIG, useValue: config },
        // the internal link endpoint verifies the caller's service identity itself
        { provide: IDENTITY_SECRET, useValue: config.IDENTITY_SECRET },
        // survey definitions
        SurveyStore,
        SurveyUseCases,
        SurveyResolver,
        // invitations and the public page
        InvitationStore,
        InvitationUseCases,
        SurveyInvitationResolver,
        ContactInvitationResolver,
        CaseSatisfactionResolver,
        ProcedureSatisfactionResolver,
        // alerts and improvement actions
        AlertStore,
        ImprovementActionStore,
        AlertUseCases,
        AlertsResolver,
        // indicators
        SnapshotStore,
        IndicatorRebuildStore,
        IndicatorsRuntime,
        IndicatorsUseCases,
        IndicatorsResolver,
        IndicatorsStatusResolver,
      ],
    };
  }
}
