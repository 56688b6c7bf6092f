import { BaseRpcContext } from '@nestjs/microservices';

export interface EventContextArgs {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  attempt: number;
  /** Attempts before the runtime dead-letters a failing event (infrastructure errors retry without bound). */
  maxAttempts?: number;
  heartbeat: () => Promise<void>;
}

/** What an event handler gets with `@Ctx()`: where the message came from and which attempt this is. */
export class UrpEventContext extends BaseRpcContext<[EventContextArgs]> {
  constructor(args: EventContextArgs) {
    super([args]);
  }
  get topic(): string {
    return this.args[0].topic;
  }
  get partition(): number {
    return this.args[0].partition;
  }
  get offset(): string {
    return this.args[0].offset;
  }
  get groupId(): string {
    return this.args[0].groupId;
  }
  get attempt(): number {
    return this.args[0].attempt;
  }
  /**
   * This is the last attempt: if the handler throws now (anything but an infrastructure error), the event goes
   * to the dead-letter topic. A handler that owes someone an answer can give it instead of failing.
   */
  get lastAttempt(): boolean {
    const max = this.args[0].maxAttempts;
    return max !== undefined && this.args[0].attempt >= max;
  }
  /** Long handlers may call this; the runtime also heartbeats on its own while a handler runs. */
  heartbeat(): Promise<void> {
    return this.args[0].heartbeat();
  }
}
