/**
 * The local mailbox: `node -r @swc-node/register tools/mailbox/src/main.ts`
 * env: MAILBOX_SMTP_PORT (2525), MAILBOX_HTTP_PORT (8025), MAILBOX_HOST (127.0.0.1), MAILBOX_DIR (optional: keep
 * each message as .eml), MAILBOX_STORE (full | count), MAILBOX_MAX_MESSAGES (10000), MAILBOX_PEC_RECEIPTS_TO
 * (smtp://host:port: play a PEC provider and send the sender both receipts there).
 */
import { startMailbox } from './mailbox';

const env = process.env;
const port = (v: string | undefined, d: number) => (v ? Number.parseInt(v, 10) : d);

startMailbox({
  host: env.MAILBOX_HOST ?? '127.0.0.1',
  smtpPort: port(env.MAILBOX_SMTP_PORT, 2525),
  httpPort: port(env.MAILBOX_HTTP_PORT, 8025),
  dir: env.MAILBOX_DIR || undefined,
  store: env.MAILBOX_STORE === 'count' ? 'count' : 'full',
  maxMessages: port(env.MAILBOX_MAX_MESSAGES, 10_000),
  pecReceiptsTo: env.MAILBOX_PEC_RECEIPTS_TO || undefined,
})
  .then((m) => {
    console.log(
      `mailbox: SMTP on ${env.MAILBOX_HOST ?? '127.0.0.1'}:${m.smtpPort}, messages at http://127.0.0.1:${m.httpPort}/`,
    );
    const stop = () => void m.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((e: unknown) => {
    console.error('mailbox failed to start:', e);
    process.exit(1);
  });
