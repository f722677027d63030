// The cache of unwrapped participant data keys (decision 013): a hit needs the same participant and the same
// wrapped key as an unwrap that succeeded; it is bounded in count and age, and erasure forgets a key at once.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import {
  DATA_KEY_CACHE,
  DataKeyCache,
  newParticipantKey,
  rewrapParticipantKey,
} from '../src/server/crypto/participant-keys.ts';

const defaults = { ...DATA_KEY_CACHE };
afterEach(() => Object.assign(DATA_KEY_CACHE, defaults));

describe('unwrapped data keys', () => {
  it('are unwrapped once and then served from memory, for the same participant and wrapped key only', () => {
    const keys = new KeyRing(randomBytes(32));
    const cache = new DataKeyCache(keys);
    const id = randomUUID();
    const { key, wrapped } = newParticipantKey(keys, id);
    const sealed = key.seal('participants', 'identity', id, 'Siti Aminah');
    const first = cache.unwrap(id, wrapped);
    expect(cache.unwrap(id, wrapped)).toBe(first);
    expect(first.openText('participants', 'identity', id, sealed)).toBe('Siti Aminah');
    // Her wrapped key under another participant's id does not open, cached or not.
    expect(() => cache.unwrap(randomUUID(), wrapped)).toThrow();
    // A tampered wrapped key is unwrapped (and fails) rather than served from the cache.
    const parts = wrapped.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => cache.unwrap(id, parts.join('.'))).toThrow();
    expect(() => cache.unwrap(id, 'erased')).toThrow();
  });

  it('a re-wrapped key (rotation) is unwrapped anew and still opens her data', () => {
    const oldRing = new KeyRing(randomBytes(32));
    const id = randomUUID();
    const { key, wrapped } = newParticipantKey(oldRing, id);
    const sealed = key.seal('participants', 'identity', id, 'Nur Aisyah');
    const ring = new KeyRing(randomBytes(32), [oldRing.kek]);
    const cache = new DataKeyCache(ring);
    const before = cache.unwrap(id, wrapped);
    const rewrapped = rewrapParticipantKey(ring, id, wrapped);
    const after = cache.unwrap(id, rewrapped);
    expect(after).not.toBe(before);
    expect(after.openText('participants', 'identity', id, sealed)).toBe('Nur Aisyah');
  });

  it('are forgotten on erasure, after their time, and beyond the bound (least recently used first)', () => {
    const keys = new KeyRing(randomBytes(32));
    const clock = new ManualClock();
    const cache = new DataKeyCache(keys, clock);
    const made = Array.from({ length: 4 }, () => {
      const id = randomUUID();
      return { id, wrapped: newParticipantKey(keys, id).wrapped };
    });
    const [a, b, c, d] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0], (typeof made)[0]];
    const first = cache.unwrap(a.id, a.wrapped);
    cache.forget(a.id);
    expect(cache.has(a.id)).toBe(false);
    expect(cache.unwrap(a.id, a.wrapped)).not.toBe(first);

    DATA_KEY_CACHE.maxAgeMs = 0;
    const again = cache.unwrap(a.id, a.wrapped);
    expect(cache.unwrap(a.id, a.wrapped)).not.toBe(again);
    DATA_KEY_CACHE.maxAgeMs = defaults.maxAgeMs;

    // A key nobody asks for again (hers, erased on another instance) is swept once it is old enough, by the
    // injected clock.
    const held = cache.unwrap(a.id, a.wrapped);
    clock.advance(DATA_KEY_CACHE.maxAgeMs / 2);
    cache.sweep();
    expect(cache.has(a.id)).toBe(true);
    expect(cache.unwrap(a.id, a.wrapped)).toBe(held);
    clock.advance(DATA_KEY_CACHE.maxAgeMs / 2);
    cache.sweep();
    expect(cache.has(a.id)).toBe(false);

    DATA_KEY_CACHE.maxEntries = 2;
    cache.unwrap(b.id, b.wrapped);
    cache.unwrap(c.id, c.wrapped);
    cache.unwrap(b.id, b.wrapped); // b used again: c is now the least recently used
    cache.unwrap(d.id, d.wrapped);
    expect([b, c, d].map((x) => cache.has(x.id))).toEqual([true, false, true]);
    cache.clear();
    expect(cache.has(b.id)).toBe(false);
  });
});
