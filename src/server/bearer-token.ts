/**
 * The server's own access token (`serve --token-file`): every route but `/healthz` then needs
 * `Authorization: Bearer <token>`. The comparison takes the same time whatever the guess: both
 * sides are hashed to 32 bytes and compared with `timingSafeEqual`, so neither the content nor the
 * length of the token leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks an `Authorization` header against the token. */
export type TokenCheck = (authorization: string | undefined) => boolean;

/**
 * A checker for `token` (at least 16 characters, no whitespace).
 *
 * @example
 * bearerTokenCheck('0123456789abcdef-token')('Bearer 0123456789abcdef-token') // => true
 */
export function bearerTokenCheck(token: string): TokenCheck {
  if (typeof token !== 'string' || token.length < 16 || /\s/.test(token)) {
    throw new RangeError('the access token must be at least 16 characters with no whitespace');
  }
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    // Hash something in every case, so a missing header costs the same as a wrong one.
    const given = digest(match === null ? '' : (match[1] as string));
    return timingSafeEqual(given, expected) && match !== null;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
