// The shipped JS files' source maps (scripts/build.sh): each file names its map on its last line, the map sits beside
// it (in dist/ and in the npm package), and it resolves positions in the built code back to the line of
// pkg-template/src/ that wrote them. Needs `npm run build` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, NPM_DIR, requireBuilt } from './helpers.mjs';

const FILES = [
  path.join(DIST, 'numberAuth-web-sdk.js'),
  path.join(NPM_DIR, 'numberAuth-web-sdk.js'),
  path.join(NPM_DIR, 'index.js'),
  path.join(NPM_DIR, 'index.cjs'),
];

/** The built file, its map (parsed, and as Node's SourceMap) and the map's name from the last line. */
function load(file) {
  const code = fs.readFileSync(file, 'utf8');
  const last = code.trimEnd().split('\n').pop();
  const m = /^\/\/# sourceMappingURL=(\S+)$/.exec(last);
  assert.ok(m, `${path.basename(file)} ends with a sourceMappingURL line, got ${JSON.stringify(last.slice(0, 80))}`);
  const mapFile = path.join(path.dirname(file), m[1]);
  assert.equal(m[1], `${path.basename(file)}.map`, 'the map is named after the file, beside it');
  const payload = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  return { code, payload, map: new SourceMap(payload) };
}

/**
 * Maps the first occurrence of `needle` in the built code to its original position and returns the source's file
 * name and the original line's text.
 */
function origin({ code, payload, map }, needle) {
  const at = code.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} is in the built code`);
  const before = code.slice(0, at).split('\n');
  const entry = map.findEntry(before.length - 1, before[before.length - 1].length);
  assert.ok(entry && typeof entry.originalSource === 'string', `a mapping at ${JSON.stringify(needle)}`);
  const index = payload.sources.findIndex((s) => entry.originalSource.endsWith(s.replace(/^(\.\.\/)+/, '')));
  assert.ok(index >= 0, `${entry.originalSource} is one of the map's sources`);
  const content = payload.sourcesContent?.[index];
  assert.equal(typeof content, 'string', 'the map carries the source text (a package has no pkg-template/)');
  return { source: entry.originalSource, line: content.split('\n')[entry.originalLine] };
}

test('each shipped JS file has a valid map beside it that resolves back to pkg-template/src/', () => {
  requireBuilt();
  for (const file of FILES) {
    const built = load(file);
    assert.equal(built.payload.version, 3, `${file}: a version 3 source map`);
    assert.ok(built.payload.mappings.length > 100, `${file}: mappings`);
    assert.ok(built.payload.sources.some((s) => s.endsWith('pkg-template/src/shim.js')), `${file}: sources ${built.payload.sources}`);
    // A string literal of the shim survives minification: it must map to the shim's line that holds it.
    const shim = origin(built, '"PhoneNumberServerError"');
    assert.match(shim.source, /pkg-template\/src\/shim\.js$/, `${file}: ${shim.source}`);
    assert.match(shim.line, /this\.name = 'PhoneNumberServerError'/, `${file}: ${shim.line}`);
  }
});

test('the script-tag file maps its globals to the entry that sets them (pkg-template/src/script.js)', () => {
  const built = load(FILES[0]);
  const at = /window\.Errors=|\.Errors\s*=/.exec(built.code);
  assert.ok(at, 'the script-tag file sets window.Errors');
  const entry = origin(built, at[0]);
  assert.match(entry.source, /pkg-template\/src\/script\.js$/, entry.source);
  assert.match(entry.line, /\(window\)\.Errors = Errors/, entry.line);
  // The npm copy is the same file with the same map.
  assert.equal(fs.readFileSync(FILES[1], 'utf8'), built.code);
  assert.equal(fs.readFileSync(`${FILES[1]}.map`, 'utf8'), fs.readFileSync(`${FILES[0]}.map`, 'utf8'));
});

test('a map whose positions are off is caught: a shifted file no longer resolves to the shim\'s line', () => {
  const built = load(FILES[0]);
  // The same map against code with a line pushed in front: the check above must fail on it.
  const shifted = { ...built, code: `\n${built.code}` };
  assert.throws(() => {
    const r = origin(shifted, '"PhoneNumberServerError"');
    assert.match(r.line, /this\.name = 'PhoneNumberServerError'/);
  });
});
