// Fails when the files of one Rust module directory import each other in a cycle (`a.rs` uses `b`, `b.rs` uses
// `a`, directly or through others): each such directory must read as layers, one concern per file.
// Usage: node scripts/ci/module-cycles.mjs <dir> [<dir> ...], a dir holding `mod.rs` or `lib.rs` and its modules;
// `<crate>:<dir>` also counts `use <crate>::<module>` paths (e.g. `crate::api` for src/api).
import fs from 'node:fs';
import path from 'node:path';

/** The sibling modules `file` names: `use super::x`, `super::x::…` paths and `use <prefix>::x` paths. */
export function edges(text, siblings, prefix) {
  const code = text.replace(/\/\/[^\n]*/g, '');
  const found = new Set();
  const heads = ['super::'];
  if (prefix) heads.push(`${prefix}::`);
  for (const head of heads) {
    let at = code.indexOf(head);
    while (at >= 0) {
      const rest = code.slice(at + head.length);
      const group = rest.match(/^\{([^}]*)\}/);
      const names = group ? group[1].split(',').map((n) => n.trim().split('::')[0]) : [rest.match(/^\w+/)?.[0]];
      for (const n of names) if (n && siblings.has(n)) found.add(n);
      at = code.indexOf(head, at + head.length);
    }
  }
  return found;
}

/** The first cycle among `graph` (name → set of names), as a path `a → b → a`, or null. */
export function findCycle(graph) {
  const state = new Map();
  const stack = [];
  const visit = (n) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) || []) {
      if (m === n) continue;
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...graph.keys()].sort()) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

/** The import graph of one directory's `.rs` files (mod.rs / lib.rs excluded: they only declare). */
export function graphOf(dir, prefix) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.rs') && f !== 'mod.rs' && f !== 'lib.rs');
  const siblings = new Set(files.map((f) => f.slice(0, -3)));
  const graph = new Map();
  for (const f of files) {
    const name = f.slice(0, -3);
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    // A module's own sub-directory (login.rs + login/page.rs) reaches its parent's siblings through `super::super`.
    const sub = path.join(dir, name);
    let all = text;
    if (fs.existsSync(sub) && fs.statSync(sub).isDirectory()) {
      for (const s of fs.readdirSync(sub, { recursive: true })) {
        if (String(s).endsWith('.rs')) all += '\n' + fs.readFileSync(path.join(sub, String(s)), 'utf8').replace(/super::super::/g, 'super::');
      }
    }
    const out = edges(all, siblings, prefix);
    out.delete(name);
    graph.set(name, out);
  }
  return graph;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const arg of process.argv.slice(2)) {
    const cut = arg.lastIndexOf(':');
    const [prefix, dir] = cut > 0 && arg[cut - 1] !== ':' ? [arg.slice(0, cut), arg.slice(cut + 1)] : [undefined, arg];
    const cycle = findCycle(graphOf(dir, prefix));
    if (cycle) {
      failed = true;
      console.error(`import cycle in ${dir}: ${cycle.join(' → ')}`);
    }
  }
  if (failed) process.exit(1);
}
