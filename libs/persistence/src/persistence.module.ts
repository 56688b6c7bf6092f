import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

export interface PersistenceOptions {
  /** mongodb://… (FerretDB locally and in tests, MongoDB replica set in production). */
  uri: string;
  dbName: string;
}

/**
 * The service's MongoDB connection. Code stays within what both MongoDB and FerretDB 1.24 serve:
 * no transactions, no change streams, no $lookup/$facet (see docs/architecture decisions in the README).
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRoot(options.uri, {
          dbName: options.dbName,
          // a request fails within ~1.5 s when the database is unreachable (a typed UNAVAILABLE error,
          // libs/platform graphql-errors) instead of hanging; the first connection is retried by Nest
          serverSelectionTimeoutMS: 1500,
          // no mongoose buffering while disconnected: it would hold every operation for 10 s first
          bufferCommands: false,
          autoIndex: true,
        }),
      ],
      exports: [MongooseModule],
    };
  }
}
