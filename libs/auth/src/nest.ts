import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  NestMiddleware,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { NextFunction, Request, Response } from 'express';
import { IDENTITY_HEADER, verifyIdentityCached, type Identity, type Role } from './identity';

type RequestWithIdentity = Request & { identity?: Identity };

/**
 * Subgraph side: every GraphQL request must carry an identity signed by the gateway. Without it the
 * request is refused with 401 before any resolver runs.
 */
export const IDENTITY_SECRET = Symbol('IDENTITY_SECRET');

@Injectable()
export class IdentityMiddleware implements NestMiddleware {
  constructor(@Inject(IDENTITY_SECRET) private readonly secret: string) {}

  async use(req: RequestWithIdentity, res: Response, next: NextFunction) {
    const header = req.headers[IDENTITY_HEADER];
    if (typeof header !== 'string') {
      res.status(401).json({
        errors: [
          {
            message: 'requests must come through the URP gateway',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      return;
    }
    try {
      req.identity = await verifyIdentityCached(header, this.secret);
      next();
    } catch (e) {
      res
        .status(401)
        .json({ errors: [{ message: (e as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  }
}

const ROLES_KEY = 'urp:roles';
/** Who may call a resolver. `admin` may call everything. No decorator: any authenticated staff member. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
const PUBLIC_KEY = 'urp:public';
/** A resolver citizens may call without an account (e.g. answering a survey by its single-use link). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

function requestOf(context: ExecutionContext): RequestWithIdentity {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() === 'rpc') return true; // Kafka handlers: no user
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const identity = requestOf(context)?.identity;
    // REST endpoints (health) are outside the identity middleware and carry no identity: open
    if (!identity) return context.getType<string>() === 'http';
    if (identity.anonymous) throw new UnauthorizedException('this operation needs a staff account: sign in');
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (
      !required?.length ||
      identity.roles.includes('admin') ||
      required.some((r) => identity.roles.includes(r))
    )
      return true;
    throw new ForbiddenException(`requires one of the roles: ${required.join(', ')}`);
  }
}

/** The caller's identity in a resolver: `@CurrentIdentity() who: Identity`. */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Identity => {
  const identity = requestOf(context)?.identity;
  if (!identity) throw new UnauthorizedException('no identity');
  return identity;
});

/**
 * The caller of an internal REST endpoint (service to service, outside GraphQL): the identity in
 * `x-urp-identity`, signed with the platform's shared secret. 401 without one or with a bad one; with
 * `servicesOnly`, 403 for anything but a `service` identity (user tokens never carry that role, and an
 * administrator is no service). The one check every `/internal/*` controller makes.
 */
export async function internalCaller(
  req: Request,
  secret: string,
  { servicesOnly }: { servicesOnly: boolean },
): Promise<Identity> {
  const header = req.headers[IDENTITY_HEADER];
  if (typeof header !== 'string') throw new UnauthorizedException(`missing ${IDENTITY_HEADER}`);
  let identity: Identity;
  try {
    identity = await verifyIdentityCached(header, secret);
  } catch {
    throw new UnauthorizedException(servicesOnly ? 'invalid service identity' : 'invalid identity');
  }
  if (servicesOnly && !identity.roles.includes('service'))
    throw new ForbiddenException('service identities only');
  return identity;
}
