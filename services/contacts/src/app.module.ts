import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { catalog } from '@urp/contracts';
import { enumResolver, ServicePlatformModule, type ServiceConfig } from '@urp/platform';
import { ContactModule } from './contact/contact.module';
import { CHANNELS, CONTACT_TYPES } from './contact/enums';

export const SERVICE = 'contacts';
export const TYPE_PATHS = [join(__dirname, '**/*.graphql')];

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forRoot({
          service: SERVICE,
          config,
          catalog,
          typePaths: TYPE_PATHS,
          resolvers: { Channel: enumResolver(CHANNELS), ContactType: enumResolver(CONTACT_TYPES) },
        }),
        ContactModule,
      ],
    };
  }
}
