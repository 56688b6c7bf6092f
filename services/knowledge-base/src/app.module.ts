import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { catalog } from '@urp/contracts';
import { ServicePlatformModule, type ServiceConfig } from '@urp/platform';

export const SERVICE = 'knowledge-base';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forRoot({ service: SERVICE, config, catalog, typePaths: TYPE_PATHS })],
    };
  }
}
