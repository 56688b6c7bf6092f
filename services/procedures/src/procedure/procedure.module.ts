import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProcedureTypeResolver } from '../catalogue/procedure-type.resolver';
import type { ProceduresConfig } from '../config';
import { AccessRegisterResolver } from '../register/access-register.resolver';
import {
  AccessRegisterRepository,
  DeskRepository,
  FormVersionRepository,
  ProcedureRepository,
  ProcedureTypeRepository,
} from '../repositories';
import { schemas } from '../schemas';
import { ClockScheduler } from './clock.scheduler';
import { ProcedureEventsHandler } from './procedure-events.handler';
import { ProcedureResolver } from './procedure.resolver';
import { PROCEDURES_CONFIG, ProcedureService } from './procedure.service';

@Module({})
export class ProcedureModule {
  static forRoot(config: ProceduresConfig): DynamicModule {
    return {
      module: ProcedureModule,
      imports: [MongooseModule.forFeature(schemas)],
      controllers: [ProcedureEventsHandler],
      providers: [
        { provide: PROCEDURES_CONFIG, useValue: config },
        ProcedureTypeRepository,
        ProcedureRepository,
        DeskRepository,
        AccessRegisterRepository,
        FormVersionRepository,
        ProcedureService,
        ClockScheduler,
        ProcedureResolver,
        ProcedureTypeResolver,
        AccessRegisterResolver,
      ],
    };
  }
}
