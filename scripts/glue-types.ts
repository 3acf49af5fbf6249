// Compiled by scripts/build.sh (tsc --noEmit) right after wasm-bindgen: what pkg-template/src/wasm-glue.d.ts declares
// of the glue (the shim is type-checked against that) must be satisfied by the declarations wasm-bindgen generated
// for this build (build/wasm/numberauth_web.d.ts): a renamed, removed or retyped export fails the build.
import * as generated from '../build/wasm/numberauth_web.js';
import type * as declared from '@numberauth/glue';

export const glueMatchesItsDeclaration: typeof declared = generated;
