/**
 * Finds where a JSON text stops being valid, for error messages: node 20's JSON.parse does not
 * always say where. A small iterative scanner (no values are built, nesting uses an explicit stack)
 * run only after JSON.parse has failed.
 */

/** The offset of the first syntax error and what was expected there; null when the text is valid. */
export function findJsonError(text: string): { offset: number; expected: string } | null {
  let index = 0;
  const stack: ('object' | 'array')[] = [];
  const skipSpace = () => {
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) index++;
      else break;
    }
  };
  const fail = (expected: string) => ({ offset: index, expected });

  const scanString = (): boolean => {
    index++; // opening quote
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 0x22) {
        index++;
        return true;
      }
      if (code < 0x20) return false;
      if (code === 0x5c) {
        const next = text[index + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return false;
          index += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          index += 2;
        } else {
          return false;
        }
        continue;
      }
      index++;
    }
    return false;
  };

  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  // Each step scans one value; after it, the enclosing container decides what may follow.
  for (;;) {
    skipSpace();
    const character = text[index];
    if (character === undefined) return fail('a value');
    if (character === '{') {
      index++;
      skipSpace();
      if (text[index] === '}') {
        index++;
      } else {
        if (text[index] !== '"') return fail('a property name in double quotes or "}"');
        if (!scanString()) return fail('a valid string');
        skipSpace();
        if (text[index] !== ':') return fail('":"');
        index++;
        stack.push('object');
        continue;
      }
    } else if (character === '[') {
      index++;
      skipSpace();
      if (text[index] === ']') {
        index++;
      } else {
        stack.push('array');
        continue;
      }
    } else if (character === '"') {
      if (!scanString()) return fail('a valid string');
    } else if (text.startsWith('true', index)) {
      index += 4;
    } else if (text.startsWith('false', index)) {
      index += 5;
    } else if (text.startsWith('null', index)) {
      index += 4;
    } else {
      number.lastIndex = index;
      if (!number.test(text)) return fail('a value');
      index = number.lastIndex;
    }
    // A value is complete: close containers or move to the next element.
    for (;;) {
      skipSpace();
      const container = stack[stack.length - 1];
      if (container === undefined) {
        return index === text.length ? null : fail('the end of the document');
      }
      const next = text[index];
      if (container === 'array') {
        if (next === ',') {
          index++;
          break;
        }
        if (next === ']') {
          index++;
          stack.pop();
          continue;
        }
        return fail('"," or "]"');
      }
      if (next === ',') {
        index++;
        skipSpace();
        if (text[index] !== '"') return fail('a property name in double quotes');
        if (!scanString()) return fail('a valid string');
        skipSpace();
        if (text[index] !== ':') return fail('":"');
        index++;
        break;
      }
      if (next === '}') {
        index++;
        stack.pop();
        continue;
      }
      return fail('"," or "}"');
    }
  }
}
