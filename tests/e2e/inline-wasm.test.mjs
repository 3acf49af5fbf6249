// The inlined module's packing (pkg-template/src/inline-wasm.js with the decoder module from unpack/), in Node:
// the build's texts unpack to the build's module byte for byte, and a damaged text is an Error naming the
// decoder's reason (unpack/src/lib.rs `Error`: 1 distance, 2 truncated, 3 code streams), never a hang or a
// silently short module.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

test('a character outside base64 is the browser\'s own atob error', () => {
  const bad = `${packed.slice(0, 100)}-${packed.slice(101)}`;
  assert.throws(() => decode(bad, unpacker), { name: 'InvalidCharacterError' });
});

test('bytes that unpack but are not the regrouped module are error 3 (code streams)', () => {
  // The build's own regrouped bytes with the first stream's length made too long, packed the way the build packs.
  const split = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm.split'));
  const bad = Buffer.from(split);
  bad.writeUInt32LE(bad.readUInt32LE(4) + 1, 4);
  const lzma = execFileSync('xz', ['--format=raw', '--lzma1=preset=6,lc=1,lp=0,pb=0', '-c'], { input: bad });
  const size = Buffer.alloc(4);
  size.writeUInt32LE(module.length);
  const text = Buffer.concat([size, lzma]).toString('base64');
  assert.throws(() => decode(text, unpacker), { message: 'the inlined module did not unpack (error 3)' });
  // The same bytes undamaged come back as the module: the error above is the damage, not the packing.
  const good = Buffer.concat([size, execFileSync('xz', ['--format=raw', '--lzma1=preset=6,lc=1,lp=0,pb=0', '-c'], { input: split })]);
  assert.ok(Buffer.from(decode(good.toString('base64'), unpacker)).equals(module));
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
      assert.match(String(/** @type {Error} */ (e).message), /did not unpack \(error [123]\)/);
      errors += 1;
    }
  }
  assert.ok(errors > 0, 'forty damaged streams all decoded without an error: the checks are not running');
});
