/**
 * Mutations of a valid JSON document: walk down by random picks, then replace, delete or enlarge
 * what is there, or add a prototype key. Applied to the examples' configs, data and Kayenta
 * request, they give documents that are almost right, which reach deeper than random JSON.
 */
import fc from 'fast-check';
import { bigShape, bigShapeText, hostileValue, PROTOTYPE_KEYS, type BigShape } from './hostile-json.js';

export type MutationOp =
  | { readonly kind: 'set'; readonly value: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'big'; readonly shape: BigShape }
  | { readonly kind: 'prototype-key'; readonly key: string; readonly value: unknown };

export interface DocumentMutation {
  /** Fractions choosing a child at each level (the walk stops early at a scalar). */
  readonly picks: readonly number[];
  readonly op: MutationOp;
}

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

export const documentMutation: fc.Arbitrary<DocumentMutation> = fc.record({
  picks: fc.array(fraction, { maxLength: 6 }),
  op: fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), value: hostileValue }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'delete' } as const) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('big' as const), shape: bigShape }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('prototype-key' as const), key: fc.constantFrom(...PROTOTYPE_KEYS), value: hostileValue }) },
  ),
});

/** Up to `max` mutations, usually one or two. */
export const documentMutations = (max = 3): fc.Arbitrary<DocumentMutation[]> => fc.array(documentMutation, { maxLength: max });

const BIG = '\u0000big-shape\u0000';

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  // defineProperty: `__proto__` becomes an own key that JSON.stringify writes, not the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The JSON text of `document` after the mutations (the document itself is not changed).
 *
 * @example
 * applyMutations({ a: [1, 2] }, [{ picks: [0, 0.9], op: { kind: 'set', value: null } }]); // '{"a":[1,null]}'
 */
export function applyMutations(document: unknown, mutations: readonly DocumentMutation[]): string {
  const root: { doc: unknown } = { doc: structuredClone(document) };
  const bigs: string[] = [];
  for (const mutation of mutations) {
    let parent: Record<string, unknown> | unknown[] = root as unknown as Record<string, unknown>;
    let key: string | number = 'doc';
    for (const pick of mutation.picks) {
      const node: unknown = (parent as Record<string, unknown>)[key as string];
      if (!isContainer(node)) break;
      const keys = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
      if (keys.length === 0) break;
      parent = node;
      key = keys[Math.floor(pick * keys.length)] as string | number;
    }
    const op = mutation.op;
    if (op.kind === 'set') setOwn(parent, key, op.value);
    else if (op.kind === 'big') {
      bigs.push(bigShapeText(op.shape));
      setOwn(parent, key, `${BIG}${bigs.length - 1}`);
    } else if (op.kind === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else if (parent !== (root as unknown)) delete (parent as Record<string, unknown>)[key as string];
      else root.doc = undefined;
    } else {
      const node = (parent as Record<string, unknown>)[key as string];
      if (isContainer(node) && !Array.isArray(node)) setOwn(node, op.key, op.value);
    }
  }
  const text = JSON.stringify(root.doc) ?? '';
  if (bigs.length === 0) return text;
  return text.replace(/"\\u0000big-shape\\u0000(\d+)"/g, (_, index: string) => bigs[Number(index)] as string);
}
