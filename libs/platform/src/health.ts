import { Controller, Get, Module, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { consumerGroupStatuses, MessagingRuntime, type ConsumerGroupStatus } from '@urp/messaging';
import type { Response } from 'express';
import type { Connection } from 'mongoose';

/** How long readiness waits for the database's answer (under the probes' 2 s timeout). */
const DATABASE_PING_TIMEOUT_MS = 1000;

export interface ReadinessBody {
  /** ok: all up; degraded: serving (writes wait in the outbox) but Kafka or a consumer group is not; unavailable: no database. */
  status: 'ok' | 'degraded' | 'unavailable';
  database: 'up' | 'down';
  kafka: 'up' | 'down' | 'connecting';
  consumers: ConsumerGroupStatus[];
  outbox: { pending: number; oldestPendingAgeSeconds: number; published: number };
  errors?: { database?: string; kafka?: string };
}

/**
 * `/health/live`: the process answers (restart it if not). `/health/ready`: it can do its main job,
 * which needs the database: 503 without it. Kafka is not required: with the broker down writes still
 * succeed (the outbox keeps their events), so the service stays ready and says `degraded`; the body
 * also tells whether the consumer groups have joined (a restarted service serves HTTP before they do).
 */
@Controller('health')
export class HealthController {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly messaging: MessagingRuntime,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessBody> {
    const body = await readiness(this.connection, this.messaging);
    if (body.status === 'unavailable') res.status(503);
    return body;
  }
}

async function pingDatabase(connection: Connection): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = connection.db;
    if (!db) return 'not connected';
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${DATABASE_PING_TIMEOUT_MS}ms`)),
          DATABASE_PING_TIMEOUT_MS,
        );
      }),
    ]);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(connection: Connection, messaging: MessagingRuntime): Promise<ReadinessBody> {
  const databaseError = await pingDatabase(connection);
  const kafka = messaging.kafkaState;
  const consumers = consumerGroupStatuses();
  const backlog = messaging.relay.backlog();
  const status = databaseError
    ? 'unavailable'
    : kafka.status !== 'up' || consumers.some((c) => c.state !== 'joined')
      ? 'degraded'
      : 'ok';
  const errors = {
    ...(databaseError ? { database: databaseError } : {}),
    ...(kafka.error && kafka.status !== 'up' ? { kafka: kafka.error } : {}),
  };
  return {
    status,
    database: databaseError ? 'down' : 'up',
    kafka: kafka.status,
    consumers,
    outbox: {
      pending: backlog.pending,
      oldestPendingAgeSeconds:
        backlog.oldestWrittenAt === undefined
          ? 0
          : Math.max(0, Math.round((Date.now() - backlog.oldestWrittenAt) / 100) / 10),
      published: messaging.relay.published,
    },
    ...(Object.keys(errors).length ? { errors } : {}),
  };
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
