import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AlertsModule } from '../alerts/alerts.module';
import { IndicatorRebuildDocument, IndicatorRebuildSchema } from './indicator-rebuild.schema';
import { IndicatorsResolver, IndicatorsStatusResolver } from './indicators.resolver';
import { IndicatorsRuntime } from './indicators.runtime';
import { IndicatorsService } from './indicators.service';
import { SnapshotRepository } from './snapshot.repository';

@Module({
  imports: [
    AlertsModule,
    MongooseModule.forFeature([{ name: IndicatorRebuildDocument.name, schema: IndicatorRebuildSchema }]),
  ],
  providers: [
    SnapshotRepository,
    IndicatorsRuntime,
    IndicatorsService,
    IndicatorsResolver,
    IndicatorsStatusResolver,
  ],
  exports: [IndicatorsService, IndicatorsRuntime],
})
export class IndicatorsModule {}
