import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ContactClosedHandler } from './contact-closed.handler';
import { InvitationRepository } from './invitation.repository';
import { ContactInvitationResolver, SurveyInvitationResolver } from './invitation.resolver';
import { SurveyInvitationDocument, SurveyInvitationSchema } from './invitation.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: SurveyInvitationDocument.name, schema: SurveyInvitationSchema }]),
  ],
  controllers: [ContactClosedHandler],
  providers: [InvitationRepository, SurveyInvitationResolver, ContactInvitationResolver],
})
export class InvitationModule {}
