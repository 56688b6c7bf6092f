import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  ImprovementActionDocument,
  ImprovementActionSchema,
  SatisfactionAlertDocument,
  SatisfactionAlertSchema,
} from './alert.schema';
import { AlertService } from './alert.service';
import { AlertsResolver } from './alerts.resolver';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SatisfactionAlertDocument.name, schema: SatisfactionAlertSchema },
      { name: ImprovementActionDocument.name, schema: ImprovementActionSchema },
    ]),
  ],
  providers: [AlertService, AlertsResolver],
  exports: [AlertService],
})
export class AlertsModule {}
