// The import-cycle check itself (scripts/ci/module-cycles.mjs): it must see `use super::…` edges, grouped ones,
// `crate::<module>::…` paths, and report a cycle through several files; run by scripts/ci/lint.sh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { edges, findCycle } from './module-cycles.mjs';

const siblings = new Set(['call', 'convert', 'inner', 'login', 'server']);

test('edges: super paths, groups, the crate prefix; comments and non-siblings ignored', () => {
  const text = `use super::call::{a, b};
use super::{convert::arg, inner::Inner};
// use super::server::X;
let x = crate::api::login::close_page();
use crate::core::login::Page;`;
  assert.deepEqual([...edges(text, siblings, 'crate::api')].sort(), ['call', 'convert', 'inner', 'login']);
  assert.deepEqual([...edges(text, siblings, undefined)].sort(), ['call', 'convert', 'inner']);
});

test('findCycle: none in layers, the path of one through three files', () => {
  const layers = new Map([['server', new Set(['login', 'inner'])], ['login', new Set(['inner'])], ['inner', new Set()]]);
  assert.equal(findCycle(layers), null);
  const cycle = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]);
  assert.deepEqual(findCycle(cycle), ['a', 'b', 'c', 'a']);
});
