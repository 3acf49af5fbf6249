// @ts-check
// The script-tag entry, bundled by scripts/build.sh into one IIFE (dist/numberAuth-web-sdk.js, wasm inlined).
// Defines window.PhoneNumberServer and window.Errors and nothing else. `data-endpoint` on this <script> element
// overrides the gateway URL that the SDK otherwise reads from the JwtToken.
import { PhoneNumberServer, setDefaultEndpoint } from './shim.js';
import { Errors } from './codes.js';

const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
setDefaultEndpoint(script?.dataset.endpoint || undefined);
/** @type {any} */ (window).PhoneNumberServer = PhoneNumberServer;
/** @type {any} */ (window).Errors = Errors;
