/**
 * The worker thread of `ThreadedSmtpAdapter`: one `SmtpAdapter` (nodemailer's composer and connection pool) that
 * sends the messages it is handed and answers with their outcomes, a batch per turn of its event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DeliveryError, SmtpAdapter } from './adapters';
import type { SmtpThreadConfig, ThreadReply, ThreadRequest } from './smtp-thread';

const port = parentPort;
if (!port) throw new Error('smtp.worker runs as a worker thread (ThreadedSmtpAdapter)');
const config = workerData as SmtpThreadConfig;
const adapter = new SmtpAdapter(config.url, config.from, config.poolSize, config.dkim);

let replies: ThreadReply[] = [];
let flushing = false;
const reply = (r: ThreadReply) => {
  replies.push(r);
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    const batch = replies;
    replies = [];
    port.postMessage(batch);
  });
};

port.on('message', (batch: ThreadRequest[]) => {
  for (const { id, message } of batch) {
    // a Buffer crosses the thread boundary as a Uint8Array: nodemailer wants Buffers back
    const attachments = message.attachments?.map((a) => ({
      ...a,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    }));
    adapter.send(attachments ? { ...message, attachments } : message).then(
      (outcome) => reply({ id, outcome }),
      (e: unknown) => {
        const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message, false);
        reply({
          id,
          error: { message: err.message, permanent: err.permanent, ...(err.code ? { code: err.code } : {}) },
        });
      },
    );
  }
});
