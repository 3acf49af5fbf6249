// Type declarations for the script-tag file (numberAuth-web-sdk.js), which defines two globals and exports nothing:
// `window.PhoneNumberServer` and `window.Errors`. A TypeScript page that loads the script (a <script> element, or
// a loader at run time) brings these in with `import type {} from 'numberauth-web/numberAuth-web-sdk.js'`, or
// bundles the file with `import 'numberauth-web/numberAuth-web-sdk.js'`. Checked by `tsc --noEmit -p pkg-template`
// against globals-test.ts.
import type { PhoneNumberServer as Server, ErrorsTable } from './index.js';

declare global {
  interface Window {
    /** Set by numberAuth-web-sdk.js when it runs (a page that loads it at run time checks it before use). */
    PhoneNumberServer: typeof Server;
    /** The vendor's seven-entry code table, set with `PhoneNumberServer`. */
    Errors: ErrorsTable;
  }
  /** The same, as a bare global (`new PhoneNumberServer()`). */
  var PhoneNumberServer: typeof Server;
  /** The same, as a bare global. */
  var Errors: ErrorsTable;
}

export {};
