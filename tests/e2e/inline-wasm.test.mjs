// The inlined module's packing (pkg-template/src/inline-wasm.js with the decoder module from unpack/), in Node:
// the build's texts unpack to the build's module byte for byte, and a damaged text is an Error naming the
// decoder's reason (unpack/src/lib.rs `Error`), never a hang or a silently short module.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decode } from '../../pkg-template/src/inline-wasm.js';
import { ROOT } from './helpers.mjs';

const textOf = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, 'build/wasm', file), 'utf8').replace(/^export default /, '').replace(/;\s*$/, ''));
const packed = textOf('numberauth_web_bg.wasm.js');
const unpacker = textOf('unpack.wasm.js');
const module = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm'));

test('the inlined text unpacks to the built module, and again from a fresh decoder', () => {
  for (let i = 0; i < 2; i++) assert.ok(Buffer.from(decode(packed, unpacker)).equals(module));
});

test('a character outside base64 is error 3', () => {
  const bad = `${packed.slice(0, 100)}-${packed.slice(101)}`;
  assert.throws(() => decode(bad, unpacker), { message: 'the inlined module did not unpack (error 3)' });
});

test('a cut stream is error 2 (truncated)', () => {
  const cut = packed.slice(0, Math.floor(packed.length / 8) * 4);
  assert.throws(() => decode(cut, unpacker), { message: 'the inlined module did not unpack (error 2)' });
});

test('damaged bytes end in an error or a module of the right length, every time', () => {
  let errors = 0;
  for (let i = 0; i < 40; i++) {
    const at = 8 + ((i * 7919) % (packed.length - 16));
    const c = packed[at] === 'A' ? 'B' : 'A';
    try {
      assert.equal(decode(packed.slice(0, at) + c + packed.slice(at + 1), unpacker).length, module.length);
    } catch (e) {
      assert.match(String(/** @type {Error} */ (e).message), /did not unpack \(error [12]\)/);
      errors += 1;
    }
  }
  assert.ok(errors > 0, 'forty damaged streams all decoded without an error: the checks are not running');
});
