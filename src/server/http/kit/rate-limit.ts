// A fixed-window counter per key, kept in the database so every app instance shares it. The request is counted in
// the statement that reads the count, so requests in flight count too. Used where a signed-in insider could scrape
// or probe (participant search, imports, duplicate checks), and before public one-time links (setup).
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';

export async function consumeRate(
  s: Services,
  key: string,
  limit: number,
  windowMs: number,
  what = 'searches',
): Promise<void> {
  const now = s.clock.now().getTime();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs).toISOString();
  const row = await s.db.kysely
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb
          .case()
          .when('rate_limits.window_start', '=', windowStart)
          .then(eb('rate_limits.count', '+', 1))
          .else(1)
          .end(),
        window_start: windowStart,
      })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  if (Number(row.count) > limit) {
    const retry = Math.ceil((Date.parse(windowStart) + windowMs - now) / 1000);
    throw new AppError(
      'rate_limited',
      429,
      `Too many ${what}; wait ${retry} s`,
      { retryAfterSeconds: retry },
      { 'retry-after': String(retry) },
    );
  }
}
