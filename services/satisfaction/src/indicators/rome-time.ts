/** Calendar month and day in Europe/Rome (the administration's civil time), cached per UTC hour. */
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const cache = new Map<number, string>();

/** `YYYY-MM-DD` in Europe/Rome of an instant (ISO-8601 with offset, or epoch ms). */
export function romeDay(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const hour = Math.floor(ms / 3_600_000);
  let day = cache.get(hour);
  if (day === undefined) {
    day = fmt.format(new Date(hour * 3_600_000));
    if (cache.size > 50_000) cache.clear();
    cache.set(hour, day);
  }
  return day;
}

export const romeMonth = (at: string | number): string => romeDay(at).slice(0, 7);
