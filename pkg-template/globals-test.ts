// Usage of the script-tag globals (numberAuth-web-sdk.d.ts), as pages that load the script at run time write it;
// `tsc --noEmit -p pkg-template` checks it. Lines with @ts-expect-error prove wrong usage fails.
import type {} from './numberAuth-web-sdk.js';
import type { LoginTokenSuccess } from './index.js';

/** A run-time loader with a singleton, as integrations write it. */
let loading: Promise<typeof window.PhoneNumberServer> | undefined;
export function loadSdk(src: string): Promise<typeof window.PhoneNumberServer> {
  if (window.PhoneNumberServer) return Promise.resolve(window.PhoneNumberServer);
  loading ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => (window.PhoneNumberServer ? resolve(window.PhoneNumberServer) : reject(new Error('no SDK')));
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(s);
  });
  return loading;
}

export async function login(jwtToken: string, accessToken: string): Promise<string> {
  const Server = await loadSdk('/sdk/numberAuth-web-sdk.js');
  const sdk = new Server();
  sdk.setUploadEnable(false);
  if (sdk.checkEnvAvailable().isPc) throw new Error('use SMS');
  await sdk.checkLoginAvailable({ accessToken, jwtToken });
  const ok: LoginTokenSuccess = await sdk.getLoginToken({ authPageOption: { btnText: '本机号码一键注册' } });
  return ok.spToken;
}

export function bareGlobals(): number {
  const sdk = new PhoneNumberServer();
  sdk.getVerifyToken({
    success: (r) => void r.spToken,
    error: (e) => {
      if (e.code === window.Errors.ERROR_CHECK_ENV || String(e.code) === '600008') void e.detail;
    },
  });
  // @ts-expect-error Errors has the vendor's seven entries only
  void Errors.ERROR_USER_CANCEL;
  return Errors.ERROR_TIMEOUT;
}
