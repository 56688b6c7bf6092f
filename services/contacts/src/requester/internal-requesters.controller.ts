import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { IDENTITY_SECRET, internalCaller } from '@urp/auth';
import type { Request } from 'express';
import { z } from 'zod';
import { RequesterUseCases } from './requester.use-cases';

/** An explicit channel, or `preferred`: the requester's own choice, else PEC, e-mail, IO, SMS (WAVE4). */
const DeliveryChannel = z.enum(['email', 'pec', 'sms', 'io', 'preferred']);
const Lookup = z.object({ channel: DeliveryChannel, purpose: z.string().trim().min(3).max(200) });
const Batch = Lookup.extend({ requesterIds: z.array(z.string().min(1).max(80)).min(1).max(500) });

/**
 * The only synchronous service-to-service read of the platform: another URP service (campaigns) resolves a
 * recipient's address at delivery time. Only a `service` identity the caller signed with the shared secret
 * is accepted (user tokens never carry that role, and an administrator is no service: the policy's admin
 * override does not open this door); every lookup is audited with the caller and the purpose. REST, so the
 * HTTP statuses (401/403/404/409/410) are the contract here.
 */
@Controller('internal/requesters')
export class InternalRequestersController {
  constructor(
    private readonly requesters: RequesterUseCases,
    @Inject(IDENTITY_SECRET) private readonly secret: string,
  ) {}

  @Get(':requesterId/address')
  async address(@Param('requesterId') requesterId: string, @Query() query: unknown, @Req() req: Request) {
    const who = await internalCaller(req, this.secret, { servicesOnly: true });
    const q = Lookup.safeParse(query);
    if (!q.success) throw new HttpException({ message: 'bad request', fields: fieldsOf(q.error) }, 400);
    const [a] = await this.requesters.addresses(who, [requesterId], q.data.channel, q.data.purpose);
    if (a.status === 'unknown')
      throw new HttpException({ message: `requester ${requesterId} does not exist` }, 404);
    if (a.status === 'anonymised')
      throw new HttpException({ message: `requester ${requesterId} was anonymised` }, 410);
    if (a.status === 'no_address')
      throw new HttpException(
        { message: `requester ${requesterId} has no ${q.data.channel} address`, status: a.status },
        409,
      );
    // `preferred` names the channel it chose (and the status, as the batch does)
    return q.data.channel === 'preferred'
      ? { requesterId, status: a.status, channel: a.channel, address: a.address }
      : { requesterId, channel: q.data.channel, address: a.address };
  }

  @Post('addresses')
  @HttpCode(200)
  async addresses(@Body() body: unknown, @Req() req: Request) {
    const who = await internalCaller(req, this.secret, { servicesOnly: true });
    const b = Batch.safeParse(body);
    if (!b.success) throw new HttpException({ message: 'bad request', fields: fieldsOf(b.error) }, 400);
    return {
      addresses: await this.requesters.addresses(who, b.data.requesterIds, b.data.channel, b.data.purpose),
    };
  }
}

const fieldsOf = (e: z.ZodError) =>
  Object.fromEntries(e.issues.map((i) => [i.path.join('.') || '(input)', i.message]));
