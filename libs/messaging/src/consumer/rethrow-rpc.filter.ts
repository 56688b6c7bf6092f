import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns every handler error into "Internal server error"; the consumer
 * runtime needs the original error to decide between retry, infinite retry (outage) and dead letter.
 */
@Catch()
export class RethrowRpcExceptionsFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
