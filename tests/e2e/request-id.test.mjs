// pkg-template/src/random.js, the one requestId generator (the shim's failures and, imported by
// src/platform/random.rs, every call the module runs), in Node: UUID v4 text from WebCrypto, and from Math.random
// where WebCrypto is missing or refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestId } from '../../pkg-template/src/random.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs `f` with globalThis.crypto replaced by `value`, then puts the original back. */
function withCrypto(value, f) {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value, configurable: true, writable: true });
  try {
    return f();
  } finally {
    if (original) Object.defineProperty(globalThis, 'crypto', original);
    else delete globalThis.crypto;
  }
}

test('requestIds are UUID v4 text, all different', () => {
  const ids = new Set();
  for (let i = 0; i < 2000; i++) {
    const id = requestId();
    assert.match(id, V4);
    ids.add(id);
  }
  assert.equal(ids.size, 2000);
});

test('without WebCrypto, or when it refuses, Math.random fills in', () => {
  for (const stand of [undefined, { getRandomValues: () => { throw new Error('refused'); } }]) {
    const ids = withCrypto(stand, () => Array.from({ length: 200 }, requestId));
    for (const id of ids) assert.match(id, V4);
    assert.equal(new Set(ids).size, ids.length);
  }
});

test('the bytes come from getRandomValues when it is there', () => {
  const id = withCrypto({ getRandomValues: (b) => b.fill(0xff) }, requestId);
  assert.equal(id, 'ffffffff-ffff-4fff-bfff-ffffffffffff');
});
