// @ts-check
// Post-processes wasm-bindgen's glue, each piece found by its exact text (the build fails if wasm-bindgen changes
// it, so a new version is looked at rather than silently kept or broken).
//
// It points the glue's import of the shim's requestId generator (pkg-template/src/random.js, which src/platform/
// random.rs imports) at the file itself instead of wasm-bindgen's copy of it, so bundles hold it once for the shim
// and the module.
//
// And it removes code the SDK never runs:
//   - the `TextEncoder.prototype.encodeInto` fallback: every browser that runs the module has it (the module needs
//     bulk memory and non-trapping float-to-int, Safari 15 / Chrome 75 / Firefox 79; `encodeInto` is Safari 14.1 /
//     Chrome 74 / Firefox 66);
//   - `initSync`'s support for the deprecated bare-module argument: the shim always passes `{ module }`;
//   - the stand-in used where `FinalizationRegistry` is missing: the same browsers have it (Safari 14.1, Chrome 84,
//     Firefox 79), and so does every Node the npm package supports;
//   - `Symbol.dispose` on the glue's class: the shim never hands that class out.
// Measured on the script file: about 0.2 KB gzip.
//
// Usage: node scripts/trim-glue.mjs <glue.js>   (rewritten in place; run once, right after wasm-bindgen's output
// is minified by minify-wasm-names.mjs)

import fs from 'node:fs';

const [gluePath] = process.argv.slice(2);
if (!gluePath) throw new Error('usage: trim-glue.mjs <glue.js>');
let glue = fs.readFileSync(gluePath, 'utf8');

const cuts = [
  {
    what: 'the encodeInto fallback',
    from: `if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`,
    to: '',
  },
  {
    what: "initSync's deprecated argument",
    from: `    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for \`initSync()\`; pass a single object instead')
        }
    }
`,
    to: `    ({module} = module);
`,
  },
  {
    what: 'the FinalizationRegistry stand-ins',
    from: `(typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(`,
    to: 'new FinalizationRegistry(',
    all: true,
  },
  {
    what: 'Symbol.dispose',
    from: `if (Symbol.dispose) PhoneNumberServer.prototype[Symbol.dispose] = PhoneNumberServer.prototype.free;
`,
    to: '',
  },
];

const snippet = /(["'])\.\/snippets\/[^"']*\/pkg-template\/src\/random\.js\1/;
if (!snippet.test(glue)) throw new Error(`trim-glue: ${gluePath} does not import pkg-template/src/random.js`);
glue = glue.replace(snippet, "'../../pkg-template/src/random.js'");

for (const { what, from, to, all } of cuts) {
  const at = glue.indexOf(from);
  if (at < 0 || (!all && glue.indexOf(from, at + 1) >= 0)) {
    const times = all ? 'at least once' : 'exactly once';
    throw new Error(`trim-glue: ${what} is not in ${gluePath} ${times} (a new wasm-bindgen?): update this script`);
  }
  glue = glue.split(from).join(to);
}
fs.writeFileSync(gluePath, glue);
