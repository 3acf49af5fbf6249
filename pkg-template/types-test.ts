// Usage that must compile against index.d.ts, written as a page would, and `@ts-expect-error` lines that must not.
// Checked by `npx tsc --noEmit -p pkg-template`; never run.
import defaultExport, {
  Errors,
  PhoneNumberServer,
  PhoneNumberServerError,
  ResultCodes,
  type CarrierFailure,
  type CarrierFailureCode,
  type CheckSuccess,
  type EnvAvailability,
  type ErrorPayload,
  type LoginTokenError,
  type LoginTokenSuccess,
  type PrivacyAlertWatch,
  type ResultCode,
  type VerifyTokenError,
  type VerifyTokenSuccess,
  type WatchData,
  type WatchEvent,
} from 'numberauth-web';
import { PAYLOAD_KEYS } from './payload-keys.js';
import * as implementation from './src/index.js';

// The JS shim implements the declared API (ties src/ to index.d.ts).
const declaredClass: typeof PhoneNumberServer = implementation.PhoneNumberServer as unknown as typeof PhoneNumberServer;
const declaredErrors: typeof Errors = implementation.Errors;
const declaredCodes: typeof ResultCodes = implementation.ResultCodes;
void declaredClass, declaredErrors, declaredCodes;

const sdk = new PhoneNumberServer();
const sdk2 = new defaultExport.PhoneNumberServer({ endpoint: 'https://gw.example.com', logger: false });
sdk2.setLoggerEnable(false);
const version: string = sdk.getVersion();
const conn: 'wifi' | 'cellular' | 'unknown' = sdk.getConnection();
const { isPc, isWifi } = sdk.checkEnvAvailable();
void version, conn, isPc, isWifi;

// Callback style, as vendor pages write it.
sdk.checkAuthAvailable({
  accessToken: 'at',
  jwtToken: 'jwt',
  timeout: 10,
  success: (res) => {
    const code: 600000 = res.code;
    void code;
    sdk.getVerifyToken({
      success: (token) => {
        const sp: string = token.spToken;
        const vender: 'CM' | 'CU' | 'CT' = token.vender;
        void sp, vender;
      },
      error: (err) => {
        if (err.code === 600011) {
          const first: CarrierFailure = err.content[0];
          const resp: string = first.carrier.carrierRespCode;
          void resp;
        }
        if (err.code === Errors.ERROR_CHECK_ENV) console.log(err.detail);
      },
    });
  },
  error: (err) => {
    if (err.code === 600025 && err.content) console.log(err.content.code, err.content.msg);
    console.log(ResultCodes[err.code].msg, err.requestId);
  },
});
// Only one of the two callbacks is fine; the call then returns undefined.
const nothing: void = sdk.getVerifyToken({ error: (e) => console.log(e.msg) });
void nothing;

// Promise style [ours].
async function verify(): Promise<VerifyTokenSuccess | undefined> {
  try {
    await sdk.checkAuthAvailable({ accessToken: 'at', jwtToken: 'jwt' });
    return await sdk.getVerifyToken();
  } catch (e) {
    if (e instanceof PhoneNumberServerError && e.code === 600015) return undefined;
    throw e;
  }
}
void verify;

// One-click login with the full authPageOption and watch events.
sdk.checkLoginAvailable({ accessToken: 'at', jwtToken: 'jwt', success: () => {}, error: () => {} });
sdk.getLoginToken({
  timeout: 3,
  authPageOption: {
    navText: '本机号码登录',
    subtitle: '',
    isHideLogo: false,
    btnText: '登录',
    privacyBefore: '我已阅读并同意',
    privacyEnd: '',
    agreeSymbol: '和',
    privacyOne: ['用户协议', 'https://example.com/terms'],
    privacyTwo: ['隐私政策', 'https://example.com/privacy'],
    privacyVenderIndex: 2,
    isDialog: true,
    manualClose: true,
    showCustomView: true,
    customView: { element: '<div id="x"></div>', style: '#x{color:red}', js: '' },
    isShowExtraBtn: false,
    isFocus: true,
    mount: 'login-root',
    isPrePageType: false,
    privacyAlertIsNeedShow: true,
    privacyAlertConfig: { isLoginShowPrivacyAlert: true, title: '请阅读', privacyAlertIsNeedAutoLogin: true },
    style: { zIndex: 1000 },
  },
  watch: (status, data) => {
    if (status === 3) console.log(data.link, data.name, data.netType);
  },
  success: (res) => {
    res.setMessage({ showMessage: true, messageContent: '号码有误', time: 3 });
    res.clearInput();
    res.focusOn(0);
  },
  error: (err) => {
    if (err.code === 600030) sdk.closeLoginPage();
  },
});
// Every other authPageOption field, the secondary watches and their data.
sdk.getLoginToken({
  authPageOption: {
    navBackImg: 'https://example.com/back.png',
    logoImg: 'data:image/png;base64,AAAA',
    numberLabel: '本机号码',
    vendorPrivacyPrefix: '「',
    vendorPrivacySuffix: '」',
    privacyCheckedImg: '/checked.svg',
    isShowExtraBtn: true,
    extraBtn: { text: '短信验证码登录', style: 'color:#333', onClick: (data) => console.log(data.requestId, data.netType) },
    isPrePageType: true,
    prePageTypeOption: { privacyBefore: '请先阅读', privacyOne: ['用户协议', '/terms'], privacyVenderIndex: 0, btnText: '同意并继续' },
    privacyAlertIsNeedShow: true,
    privacyAlertConfig: {
      isLoginShowPrivacyAlert: true, title: '请阅读并同意以下条款', btnText: '同意', privacyAlertIsDialog: false,
      privacyAlertLoginText: '同意并登录', privacyAlertMaskIsNeedShow: true, privacyAlertIsNeedAutoLogin: false,
    },
    style: { zIndex: '3000' },
  },
  watch: (status, data) => {
    if (status === 7) console.log(data.link, data.name);
    if (status === 6) console.log(data.requestId);
  },
  protocolPageWatch: (status, data) => console.log(status === 2, data.netType),
  privacyAlertWatch: (status, data) => { if (status === 2) console.log(data.agreed); },
  previewPrivacyWatch: (_status, data) => console.log(data.link, data.name),
}).then((res) => res.setMessage({ messageContent: '已过期', messageStyle: { color: 'red' } }));

const close = sdk.closeLoginPage; // detached use is allowed
close();

const everyCode: ResultCode[] = [600000, 600004, 600008, 600010, 600011, 600013, 600014, 600015, 600018, 600025, 600028, 600030, 600032, 600034, 700000];
const anyError: ErrorPayload = { code: 600010, msg: '未知异常', requestId: 'r', detail: 'd' };
void everyCode, anyError;

// The declared payloads have exactly the keys the SDK writes (payload-keys.js, checked at run time by
// tests/e2e/payload-keys.test.mjs): a key missing from either side, or one too many, fails here.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type KeysOf<K extends keyof typeof PAYLOAD_KEYS> = (typeof PAYLOAD_KEYS)[K][number];
type Payloads = VerifyTokenError | LoginTokenError;
const exactKeys: [
  Same<keyof CheckSuccess, KeysOf<'checkSuccess'>>,
  Same<keyof VerifyTokenSuccess, KeysOf<'verifyTokenSuccess'>>,
  Same<keyof LoginTokenSuccess, KeysOf<'loginTokenSuccess'>>,
  Same<keyof ErrorPayload<600015>, KeysOf<'errorWithContent'>>,
  Same<Exclude<keyof ErrorPayload<600015>, 'content'>, KeysOf<'error'>>,
  Same<keyof Extract<Payloads, { code: 600011 }>, KeysOf<'errorWithContent'>>,
  Same<keyof CarrierFailure, KeysOf<'carrierFailure'>>,
  Same<keyof CarrierFailure['carrier'], KeysOf<'carrierDetail'>>,
  Same<keyof NonNullable<ErrorPayload<600025>['content']>, KeysOf<'gatewayContent'>>,
  Same<keyof EnvAvailability, KeysOf<'env'>>,
  Same<keyof WatchData, KeysOf<'watchData'>>,
  Same<keyof Extract<WatchEvent, [3, unknown]>[1], KeysOf<'watchLinkData'>>,
  Same<keyof Parameters<PrivacyAlertWatch>[1], KeysOf<'privacyClosedData'>>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true];
void exactKeys;

// The exact shapes, used as a page would: `content` per carrier on 600011, 600018 and 600010, `detail` on each
// entry, `msg` on every success, `authPageOption` optional.
async function exactShapes(): Promise<void> {
  const checked: CheckSuccess = await sdk.checkLoginAvailable({ accessToken: 'at', jwtToken: 'jwt' });
  const checkMsg: '鉴权成功' = checked.msg;
  const login = await sdk.getLoginToken();
  const loginMsg: '成功' = login.msg;
  const verified = await sdk.getVerifyToken({ timeout: 5 });
  const verifyMsg: '成功' = verified.msg;
  void checkMsg, loginMsg, verifyMsg;
  await sdk.getLoginToken({ timeout: 3, watch: (status, data) => void [status, data.requestId] });
  sdk.getLoginToken({
    error: (e) => {
      if (e.code === 600018 || e.code === 600011) {
        for (const c of e.content) {
          const code: CarrierFailureCode = c.code;
          const why: string = c.detail;
          void code, why;
        }
      } else if (e.code === 600010 && e.content) {
        const unreachable: string[] = e.content.map((c) => `${c.vender}: ${c.detail}`);
        void unreachable;
      } else if (e.code === 700000) {
        const none: undefined = e.content;
        void none;
      }
    },
  });
  sdk.getVerifyToken({
    error: (e) => {
      if (e.code === 600018) void e.content[0].carrier.carrierRespCode;
    },
  });
  // A carrier entry's code is one of five.
  const entryCodes: CarrierFailureCode[] = [600010, 600011, 600013, 600014, 600018];
  void entryCodes;
}
void exactShapes;

// Wrong usage must fail:
// @ts-expect-error accessToken is required
sdk.checkAuthAvailable({ jwtToken: 'jwt', success: () => {} });
// @ts-expect-error timeout is a number
sdk.getVerifyToken({ timeout: '10', success: () => {} });
// @ts-expect-error success must be a function
sdk.getVerifyToken({ success: 'yes' });
// @ts-expect-error the callback style returns nothing to await on
void sdk.getVerifyToken({ success: () => {} }).then;
// @ts-expect-error authPageOption is an object
sdk.getLoginToken({ authPageOption: 'dialog', success: () => {} });
// @ts-expect-error 600018 always carries its carriers' entries: content is not optional
sdk.getVerifyToken({ error: (e) => { if (e.code === 600018) { const c: undefined = e.content; void c; } } });
// @ts-expect-error a carrier entry's code is never 600015
const entryCode: CarrierFailureCode = 600015;
// @ts-expect-error msg is present on success: not optional
sdk.getVerifyToken({ success: (r) => { const m: undefined = r.msg; void m; } });
// @ts-expect-error 700000 carries no content
sdk.getLoginToken({ error: (e) => { if (e.code === 700000) void e.content.length; } });
// @ts-expect-error btnText is a string
sdk.getLoginToken({ authPageOption: { btnText: 1 } });
// Many pages declare only the status: a one-parameter callback must type-check.
sdk.getLoginToken({ authPageOption: {}, watch: (status) => { if (status === 2) void status; } });
sdk.getLoginToken({ authPageOption: {}, watch: function (status) { void status; }, privacyAlertWatch: (status) => void status });
// link is there with statuses 3 and 7 only: optional in the data.
// @ts-expect-error link may be undefined
sdk.getLoginToken({ authPageOption: {}, watch: (status, data) => { const link: string = data.link; void [status, link]; } });
// @ts-expect-error watch has no status 4
sdk.getLoginToken({ authPageOption: {}, watch: (status) => { if (status === 4) void status; } });
// @ts-expect-error agreed comes with status 2 only: optional in the data
sdk.getLoginToken({ authPageOption: {}, privacyAlertWatch: (status, data) => { const agreed: boolean = data.agreed; void [status, agreed]; } });
// @ts-expect-error extraBtn.onClick gets the watch data, not an event
sdk.getLoginToken({ authPageOption: { extraBtn: { onClick: (e: MouseEvent) => void e } } });
// @ts-expect-error privacyVenderIndex is a number
sdk.getLoginToken({ authPageOption: { privacyVenderIndex: '1' } });
// @ts-expect-error focusOn takes an index
sdk.getLoginToken({ authPageOption: {}, success: (r) => r.focusOn('1') });
// @ts-expect-error not a method of the vendor's API
sdk.getToken();
// @ts-expect-error 600001 is not a code
const notACode: ResultCode = 600001;
// @ts-expect-error the vendor's table has no such entry
void Errors.ERROR_UNKNOWN;
// @ts-expect-error Errors is read-only
Errors.ERROR_TIMEOUT = 1;
// @ts-expect-error getVersion takes no callback and returns a string
const v: number = sdk.getVersion();
// @ts-expect-error 600011 carries a list, not one entry
sdk.getVerifyToken({ error: (e) => { if (e.code === 600011) void e.content.vender; } });
// @ts-expect-error verification errors never carry 600030
sdk.getVerifyToken({ error: (e) => { if (e.code === 600030) void e; } });
void notACode, v, entryCode;
