import { join } from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import {
  AlertScope,
  catalog,
  Emoticon,
  ImprovementActionStatus,
  SurveyKind,
  SurveyTrigger,
} from '@urp/contracts';
import { enumResolver, ServicePlatformModule } from '@urp/platform';
import { AlertsModule } from './alerts/alerts.module';
import { SATISFACTION_CONFIG, type SatisfactionConfig } from './config';
import { IndicatorsModule } from './indicators/indicators.module';
import { INDICATOR_NAMES } from './indicators/indicators.service';
import { InvitationModule } from './invitation/invitation.module';
import { SurveyModule } from './survey/survey.module';

export const SERVICE = 'satisfaction';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Global()
@Module({})
class SatisfactionConfigModule {
  static forRoot(config: SatisfactionConfig): DynamicModule {
    return {
      module: SatisfactionConfigModule,
      providers: [{ provide: SATISFACTION_CONFIG, useValue: config }],
      exports: [SATISFACTION_CONFIG],
    };
  }
}

/** Schema enums map to the domain's lowercase values (`CASE_CLOSED` ⇄ `case_closed`). */
const ENUMS = {
  SurveyInvitationStatus: enumResolver(['pending', 'answered', 'expired']),
  SurveyTrigger: enumResolver(SurveyTrigger.options),
  SurveyKind: enumResolver(SurveyKind.options),
  SatisfactionEmoticon: enumResolver(Emoticon.options),
  SurveyQuestionType: enumResolver([
    'emoticon',
    'reasons',
    'stars',
    'csat',
    'nps',
    'single_choice',
    'multiple_choice',
    'scale',
    'text',
  ]),
  SatisfactionGroupBy: enumResolver(['none', 'month', 'service', 'office', 'channel', 'trigger']),
  IndicatorTimesGroupBy: enumResolver(['none', 'month', 'office']),
  IndicatorName: enumResolver(INDICATOR_NAMES),
  AlertScope: enumResolver(AlertScope.options),
  ImprovementActionStatus: enumResolver(ImprovementActionStatus.options),
};

@Module({})
export class AppModule {
  static forRoot(config: SatisfactionConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SatisfactionConfigModule.forRoot(config),
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: ENUMS,
        }),
        SurveyModule,
        InvitationModule,
        AlertsModule,
        IndicatorsModule,
      ],
    };
  }
}
