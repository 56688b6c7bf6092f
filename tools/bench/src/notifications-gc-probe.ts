/**
 * Preloaded into the campaigns service by the notifications benchmark (`node --expose-gc -r …`): on SIGUSR2, a
 * full garbage collection, then `process.memoryUsage()` on stdout as `GCPROBE {…}`.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  console.log(`GCPROBE ${JSON.stringify({ ...process.memoryUsage(), gc: !!gc })}`);
});
