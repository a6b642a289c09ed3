/**
 * Hostile JSON, as values and as text: the shapes a careless script, a truncated download or an
 * attacker hands the CLI and the server. Values: prototype keys, wrong types, odd numbers and
 * strings, deep nesting, long arrays. Text: a valid document mangled on the way (a byte-order mark,
 * a cut, a duplicated key, a number JSON.parse turns into Infinity or -0, raw control bytes).
 */
import fc from 'fast-check';

/** Keys that break naive object handling. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/** Strings that stress encoders, escapers and width computations. */
export const oddStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\ufeff',
  '\u202e\u0041\u0042', // right-to-left override
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  'e\u0301\u0301\u0301', // combining marks
  '👩‍👩‍👧‍👦',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  '${scope}',
  '${__proto__}',
  '{{args.x}}',
  '../../etc/passwd',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'x'.repeat(5000),
  '\r\n\t\u2028\u2029',
];

/** Numbers at the edges of what JSON and the statistics accept. */
export const oddNumbers: readonly number[] = [0, -0, 1, -1, 0.5, 1e-320, 5e-324, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 2 ** 31 - 1, -(2 ** 31), 1e21, 123456789.123456789];

const oddString = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...oddStrings) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) });
const oddNumber = fc.oneof(fc.constantFrom(...oddNumbers), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

/** A scalar of any JSON type, biased toward the odd ones. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), oddNumber, oddString);

/** Any JSON value, nested a few levels, with prototype keys among the ordinary ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, hostileScalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('values', 'baseline', 'canary', 'metrics', 'test', 'name'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
})).value;

/** A value that is large rather than odd: a long array, a deep nesting, a wide object. Built lazily. */
export type BigShape =
  | { readonly kind: 'long-array'; readonly length: number; readonly fill: 'null' | 'string' | 'number' | 'nested' }
  | { readonly kind: 'deep-array'; readonly depth: number }
  | { readonly kind: 'deep-object'; readonly depth: number }
  | { readonly kind: 'wide-object'; readonly keys: number };

export const bigShape: fc.Arbitrary<BigShape> = fc.oneof(
  fc.record({ kind: fc.constant('long-array' as const), length: fc.oneof(fc.integer({ min: 1000, max: 20_000 }), fc.constant(130_000)), fill: fc.constantFrom('null' as const, 'string' as const, 'number' as const, 'nested' as const) }),
  fc.record({ kind: fc.constant('deep-array' as const), depth: fc.oneof(fc.integer({ min: 100, max: 5000 }), fc.constant(50_000)) }),
  fc.record({ kind: fc.constant('deep-object' as const), depth: fc.oneof(fc.integer({ min: 100, max: 5000 }), fc.constant(50_000)) }),
  fc.record({ kind: fc.constant('wide-object' as const), keys: fc.integer({ min: 1000, max: 20_000 }) }),
);

/** The JSON text of a big shape (written directly: deep values would overflow JSON.stringify). */
export function bigShapeText(shape: BigShape): string {
  switch (shape.kind) {
    case 'long-array': {
      const item = { null: 'null', string: '"x"', number: '1.5', nested: '[1]' }[shape.fill];
      return `[${new Array<string>(shape.length).fill(item).join(',')}]`;
    }
    case 'deep-array':
      return `${'['.repeat(shape.depth)}1${']'.repeat(shape.depth)}`;
    case 'deep-object':
      return `${'{"a":'.repeat(shape.depth)}1${'}'.repeat(shape.depth)}`;
    case 'wide-object':
      return `{${Array.from({ length: shape.keys }, (_, index) => `"k${index}":${index}`).join(',')}}`;
  }
}

/** A way to mangle valid JSON text on its way to the parser. */
export type TextMangle =
  | { readonly kind: 'none' }
  | { readonly kind: 'bom' }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate-key' }
  | { readonly kind: 'replace-number'; readonly by: string }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'not-json'; readonly text: string };

export const textMangle: fc.Arbitrary<TextMangle> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' } as const) },
  fc.constant({ kind: 'bom' } as const),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.constant({ kind: 'duplicate-key' } as const),
  fc.record({ kind: fc.constant('replace-number' as const), by: fc.constantFrom('1e309', '-1e309', '-0', '1e-400', '0x10', '01', '1.', '.5', '+1', 'NaN', 'Infinity', '9'.repeat(400)) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('\u0000', '\ufeff', ',', ']', '}', '"', '\\', '\n', '/*x*/', '\ud800', ',"__proto__":{"polluted":1}') }),
  fc.record({ kind: fc.constant('not-json' as const), text: fc.constantFrom('', ' ', '\ufeff', 'null', 'true', '0', '"x"', '[]', '{}', 'undefined', '<html>', 'a: 1\nb: 2\n', '\u0000\u0001\u0002') }),
);

/** Applies a mangle to JSON text. */
export function mangleText(text: string, mangle: TextMangle): string {
  const position = (fraction: number) => Math.floor(fraction * text.length);
  switch (mangle.kind) {
    case 'none':
      return text;
    case 'bom':
      return `\ufeff${text}`;
    case 'truncate':
      return text.slice(0, position(mangle.at));
    case 'duplicate-key': {
      // Repeat the first key of the first object with a different value: JSON.parse keeps the last one.
      const match = /\{\s*("(?:[^"\\]|\\.)*")\s*:/.exec(text);
      return match === null ? text : `${text.slice(0, match.index + 1)}${match[1]}:"duplicate",${text.slice(match.index + 1)}`;
    }
    case 'replace-number': {
      const match = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text);
      return match === null ? text : `${text.slice(0, match.index)}${mangle.by}${text.slice(match.index + match[0].length)}`;
    }
    case 'insert':
      return `${text.slice(0, position(mangle.at))}${mangle.text}${text.slice(position(mangle.at))}`;
    case 'not-json':
      return mangle.text;
  }
}
