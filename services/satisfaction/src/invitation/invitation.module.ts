import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SurveyModule } from '../survey/survey.module';
import { ExpiryScheduler } from './expiry.scheduler';
import { InvitationRepository } from './invitation.repository';
import {
  CaseSatisfactionResolver,
  ContactInvitationResolver,
  ProcedureSatisfactionResolver,
  SurveyInvitationResolver,
} from './invitation.resolver';
import {
  SurveyInvitationDocument,
  SurveyInvitationSchema,
  SurveyRequesterDocument,
  SurveyRequesterSchema,
  SurveyTokenDocument,
  SurveyTokenSchema,
} from './invitation.schema';
import { InvitationService } from './invitation.service';
import { SurveyDueHandler } from './survey-due.handler';
import { SurveyPageController } from '../public/survey-page.controller';

@Module({
  imports: [
    SurveyModule,
    MongooseModule.forFeature([
      { name: SurveyInvitationDocument.name, schema: SurveyInvitationSchema },
      { name: SurveyTokenDocument.name, schema: SurveyTokenSchema },
      { name: SurveyRequesterDocument.name, schema: SurveyRequesterSchema },
    ]),
  ],
  controllers: [SurveyDueHandler, SurveyPageController],
  providers: [
    InvitationRepository,
    InvitationService,
    ExpiryScheduler,
    SurveyInvitationResolver,
    ContactInvitationResolver,
    CaseSatisfactionResolver,
    ProcedureSatisfactionResolver,
  ],
  exports: [InvitationService, InvitationRepository],
})
export class InvitationModule {}
