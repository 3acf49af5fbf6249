// Writes the optimised module as the ES module the shim imports under `@numberauth/wasm-bytes`: its bytes as one
// base64 string, which pkg-template/src/inline-wasm.js turns back into bytes with `atob` on the first
// `new PhoneNumberServer()`. Why base64: bench/size.md (the representations measured for start-up and size).
// Usage: node scripts/inline-wasm.mjs <module.wasm> <out.js>
import fs from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: inline-wasm.mjs <module.wasm> <out.js>');
const bytes = fs.readFileSync(input);
fs.writeFileSync(output, `export default ${JSON.stringify(bytes.toString('base64'))};\n`);
