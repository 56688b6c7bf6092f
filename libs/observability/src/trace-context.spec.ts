import { currentTraceparent, parseTraceparent } from './trace-context';

describe('the traceparent every event carries', () => {
  it('is a new valid W3C traceparent when no trace is active (tracing off)', () => {
    const a = currentTraceparent();
    const b = currentTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parseTraceparent(a)).toBeDefined();
    expect(a).not.toBe(b);
  });

  it("keeps the causing event's when it is valid, and ignores one that is not", () => {
    const cause = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(currentTraceparent(cause)).toBe(cause);
    expect(currentTraceparent('00-abc-def-01')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
  });
});
