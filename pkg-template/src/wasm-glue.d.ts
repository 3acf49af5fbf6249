// The wasm module as wasm-bindgen --target web emits it (docs/sdk-internals.md); scripts/build.sh maps these
// specifiers to build/wasm/ with esbuild aliases. Keep in step with src/api/.
declare module '@numberauth/glue' {
  export function buildId(): string;
  export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
  export class PhoneNumberServer {
    constructor(options?: unknown);
    setLoggerEnable(enabled: unknown): void;
    getVersion(): string;
    getConnection(): 'wifi' | 'cellular' | 'unknown';
    checkEnvAvailable(): { isPc: boolean; isWifi: boolean };
    checkAuthAvailable(opts: unknown): Promise<unknown>;
    checkLoginAvailable(opts: unknown): Promise<unknown>;
    getVerifyToken(opts: unknown): Promise<unknown>;
    getLoginToken(opts: unknown): Promise<unknown>;
    closeLoginPage(): void;
  }
}

declare module '@numberauth/wasm-bytes' {
  /** The optimised module as base64 (written by scripts/inline-wasm.mjs); decoded lazily by inline-wasm.js. */
  const encoded: string;
  export default encoded;
}
