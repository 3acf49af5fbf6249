// The wasm module as wasm-bindgen --target web emits it (docs/sdk-internals.md); scripts/build.sh maps these
// specifiers to build/wasm/ with esbuild aliases. Keep in step with src/api/.
declare module '@numberauth/glue' {
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
  /** The optimised module, packed as inline-wasm.js `decode` reads it (written by scripts/build.sh); decoded lazily. */
  const encoded: string;
  export default encoded;
}

declare module '@numberauth/unpacker' {
  /** The decoder module (unpack/), base64 (written by scripts/build.sh); used once by inline-wasm.js `decode`. */
  const base64: string;
  export default base64;
}
