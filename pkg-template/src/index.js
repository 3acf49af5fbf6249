// @ts-check
// The npm entry (ESM and, bundled by scripts/build.sh, CommonJS).
import { PhoneNumberServer, PhoneNumberServerError } from './shim.js';
import { Errors, ResultCodes } from './codes.js';

export { PhoneNumberServer, PhoneNumberServerError, Errors, ResultCodes };
export default { PhoneNumberServer, PhoneNumberServerError, Errors, ResultCodes };
