/**
 * Preloaded into the gateway by kb-search-overhead.ts when KB_OVERHEAD_PROFILE is set: the first SIGWINCH
 * starts V8's CPU profiler (200 µs sampling), the second writes the profile to that file (open it in Chrome
 * DevTools or speedscope). Not SIGUSR2: Nest's shutdown hooks stop the application on it.
 */
const inspector = require('node:inspector');
const fs = require('node:fs');

const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    if (err) return process.stderr.write(`profile failed: ${err.message}\n`);
    fs.writeFileSync(process.env.KB_OVERHEAD_PROFILE, JSON.stringify(result.profile));
    process.stderr.write(`profile written: ${process.env.KB_OVERHEAD_PROFILE}\n`);
  });
});
