// Type declarations for numberauth-web: the vendor's PhoneNumberServer API (aliyun_numberauthsdk_web 2.1.x),
// plus Promise mode, ResultCodes and the constructor options. Hand-written; checked by `tsc --noEmit -p pkg-template`
// against pkg-template/types-test.ts, and tied to the JS shim there.

/** Carrier: China Mobile, China Unicom, China Telecom (the vendor's field is spelled `vender`). */
export type Vender = 'CM' | 'CU' | 'CT';

/** `getConnection()`: from `navigator.connection.type`; anything else, or no such API, is `'unknown'`. */
export type ConnectionType = 'wifi' | 'cellular' | 'unknown';

/** Every result code the SDK reports. */
export type ResultCode =
  | 600000 // 成功 / 鉴权成功
  | 600004 // 方案号不存在
  | 600008 // 环境错误
  | 600010 // 未知异常
  | 600011 // 获取token失败
  | 600013 // 运营商维护升级，该功能不可用
  | 600014 // 运营商维护升级，该功能已达最大调用次数
  | 600015 // 接口超时
  | 600018 // 号码被运营商管控
  | 600025 // 接入方身份信息校验失败 / 身份校验失败
  | 600028 // 入参错误
  | 600030 // css属性不合规
  | 600032 // 业务类型错误
  | 600034 // 请求参数已失效
  | 700000; // 用户取消登录 (**[ours]**: the user left the login page with back/cancel; the vendor's app SDKs' code)

/** Every code an `error` callback (or a rejected Promise) can carry. */
export type ErrorCode = Exclude<ResultCode, 600000>;

/** Codes of `checkAuthAvailable` / `checkLoginAvailable` (600008 only when the SDK's WebAssembly could not start). */
export type CheckErrorCode = 600004 | 600008 | 600010 | 600013 | 600014 | 600015 | 600025 | 600028 | 600032 | 600034;
/** Codes of `getVerifyToken`. */
export type VerifyTokenErrorCode = 600008 | 600010 | 600011 | 600015 | 600018 | 600025 | 600028;
/** Codes of `getLoginToken`. */
export type LoginTokenErrorCode = 600008 | 600010 | 600011 | 600015 | 600018 | 600025 | 600028 | 600030 | 700000;

/**
 * The code of one carrier's entry in `content`: 600011 (no token from it: not the SIM's carrier, no mobile data, a
 * refused ticket, a locked number, ...), 600018 (it blocks the number), 600013 (under maintenance), 600014 (quota or
 * daily limit reached), 600010 (not reached, or an answer that is not the carrier protocol's).
 */
export type CarrierFailureCode = 600010 | 600011 | 600013 | 600014 | 600018;

/** One carrier's failure, in the `content` of 600011, 600018 and (when no carrier was reached) 600010. */
export interface CarrierFailure {
  code: CarrierFailureCode;
  /** The vendor's Chinese message for `code`. */
  msg: string;
  isSuccess: false;
  vender: Vender;
  /** What the carrier said, passed through (empty strings when it could not be reached). */
  carrier: {
    carrierTraceId: string;
    carrierSdkCode: string;
    carrierRespCode: string;
    carrierSdkMsg: string;
  };
  /** **[ours]** Plain English: this carrier's reason (for 600010, the URL and what went wrong). */
  detail: string;
}

interface ErrorPayloadBase<C extends ErrorCode> {
  code: C;
  /** The vendor's Chinese message. */
  msg: string;
  /** A fresh UUID v4 for each call. */
  requestId: string;
  /** Plain English: what was wrong and what to do. */
  detail: string;
}

/**
 * What an `error` callback receives (a discriminated union on `code`). `content` is one entry per carrier tried, in
 * the gateway's order, for 600011 and 600018 (empty when `closeLoginPage()` ended the login; only the locking
 * carrier's when the number is locked) and for 600010 when no carrier could be reached; the gateway's own
 * `{ code, msg }` for a 600025 the gateway refused; absent otherwise.
 */
export type ErrorPayload<C extends ErrorCode = ErrorCode> = C extends 600011 | 600018
  ? ErrorPayloadBase<C> & { content: CarrierFailure[] }
  : C extends 600010
    ? ErrorPayloadBase<C> & { content?: CarrierFailure[] }
    : C extends 600025
      ? ErrorPayloadBase<C> & { content?: { code: number; msg: string } }
      : ErrorPayloadBase<C> & { content?: undefined };

export type CheckError = ErrorPayload<CheckErrorCode>;
export type VerifyTokenError = ErrorPayload<VerifyTokenErrorCode>;
export type LoginTokenError = ErrorPayload<LoginTokenErrorCode>;

/** `checkAuthAvailable` / `checkLoginAvailable` success. */
export interface CheckSuccess {
  code: 600000;
  msg: '鉴权成功';
  requestId: string;
}

/** `getVerifyToken` success: send `spToken` to your server for VerifyPhoneWithToken. */
export interface VerifyTokenSuccess {
  code: 600000;
  msg: '成功';
  /** Opaque, single use, bound to the tokens and carrier; lives 2 min (CM), 30 min (CU), 10 min (CT). */
  spToken: string;
  isSuccess: true;
  vender: Vender;
  requestId: string;
}

export interface LoginPageMessage {
  showMessage?: boolean;
  messageContent?: string;
  /** Inline style of the message, as a CSS text or an object of properties. */
  messageStyle?: string | Record<string, string>;
  /** Seconds the message stays. */
  time?: number;
}

/** `getLoginToken` success: send `spToken` to your server for GetPhoneWithToken. */
export interface LoginTokenSuccess {
  code: 600000;
  msg: '成功';
  spToken: string;
  vender: Vender;
  requestId: string;
  /** Empties the four middle-digit inputs. */
  clearInput(): void;
  /** Focuses middle-digit input `index` (0–3). */
  focusOn(index: number): void;
  /** Shows a message on the login page (e.g. the number was refused by your server). */
  setMessage(message: LoginPageMessage): void;
}

/** Constructor options **[ours]**. */
export interface PhoneNumberServerOptions {
  /** The gateway's base URL; by default read from the JwtToken (its `iss`), or `data-endpoint` on the script tag. */
  endpoint?: string;
  /** Initial logger state (default on); same as `setLoggerEnable`. */
  logger?: boolean;
}

/** `checkEnvAvailable()` */
export interface EnvAvailability {
  /** The user agent is not a phone or tablet. */
  isPc: boolean;
  /** The connection type is `wifi`, or the user agent says `NetType/WIFI` (WeChat). */
  isWifi: boolean;
}

/** Given `success` and/or `error` (at least one): the call returns `undefined` and calls exactly one, once, later. */
export type WithCallbacks<S, E> =
  | { success: (result: S) => void; error?: (error: E) => void }
  | { success?: (result: S) => void; error: (error: E) => void };

/** Given neither: the call returns a Promise. */
export interface WithoutCallbacks {
  success?: undefined;
  error?: undefined;
}

export interface TimeoutOption {
  /** Seconds (fractions allowed). A value above 300 is taken as milliseconds. */
  timeout?: number;
}

export interface CheckAuthOptions extends TimeoutOption {
  /** From your server's GetAuthToken (`TokenInfo.AccessToken`). */
  accessToken: string;
  /** From your server's GetAuthToken (`TokenInfo.JwtToken`). */
  jwtToken: string;
  /** Legacy, accepted and ignored. */
  phoneNumber?: string;
}

/** Options of `getVerifyToken` (default timeout 25 s). */
export type VerifyTokenOptions = TimeoutOption;

/**
 * The agreement-first page (`isPrePageType`): the masked number, its own agreement line and one button; the digits
 * page follows once the box is ticked and the button pressed. Each agreement field falls back to the main page's.
 */
export interface PrePageTypeOption {
  privacyBefore?: string;
  privacyEnd?: string;
  agreeSymbol?: string;
  privacyOne?: PrivacyLink;
  privacyTwo?: PrivacyLink;
  privacyVenderIndex?: number;
  vendorPrivacyPrefix?: string;
  vendorPrivacySuffix?: string;
  /** Default 同意并继续. */
  btnText?: string;
}

/** `[name, url]` of one of your agreements. */
export type PrivacyLink = [name: string, url: string];

/** The privacy dialog (used when `privacyAlertIsNeedShow`). */
export interface PrivacyAlertConfig {
  /** Show the dialog instead of the 您还未同意协议条款 toast when login is pressed without the box ticked (default true). */
  isLoginShowPrivacyAlert?: boolean;
  /** Default 请阅读并同意以下条款. */
  title?: string;
  /** The agree button's text when agreeing does not log in (default 同意). */
  btnText?: string;
  /** A centred dialog (default true), else a bottom sheet. */
  privacyAlertIsDialog?: boolean;
  /**
   * The agree button's text when agreeing also logs in (default 同意并登录). Never refused: a value that is not a
   * string or number keeps the default.
   */
  privacyAlertLoginText?: string | number | boolean;
  /** Dim the page behind the dialog (default true). */
  privacyAlertMaskIsNeedShow?: boolean;
  /** Agreeing ticks the box and logs in at once (default true). */
  privacyAlertIsNeedAutoLogin?: boolean;
}

/** Your own area under the agreements (shown when `showCustomView`). */
export interface CustomView {
  /** HTML of the custom area (inserted as given: it is your own markup). */
  element: string;
  /**
   * CSS for `element` and the login page: it applies to both while the page is open (hiding the page's title, back
   * icon, agreements or button is 600030 at submit).
   */
  style?: string;
  /**
   * Run once after the page is drawn. A string runs as a classic `<script>` in the page's global scope, as the
   * vendor's does (its functions are globals `element`'s inline handlers can call; a Content-Security-Policy must
   * allow it: the nonce of the page's first `script[nonce]` is reused). **[ours]** A function is called with the
   * element holding `element` (no CSP change needed).
   */
  js?: string | ((this: HTMLElement, container: HTMLElement) => void);
}

/** A second button under 登录 (shown when `isShowExtraBtn`), e.g. "other ways to log in". */
export interface ExtraButton {
  /** Default 其他方式登录. */
  text?: string;
  /** Inline CSS of the button. */
  style?: string;
  /** Called (later, with no effect on the call) when the button is pressed. */
  onClick?: (data: WatchData) => void;
}

/** The one-click login page. Images and links must be http(s), relative or (images) `data:image/` addresses. */
export interface AuthPageOption {
  /** Title (default 本机号码登录). */
  navText?: string;
  /** A line under the logo (none by default). */
  subtitle?: string;
  /** Image of the back button (default a built-in arrow). */
  navBackImg?: string;
  /** Logo image (default a built-in mark). */
  logoImg?: string;
  /** Default false. */
  isHideLogo?: boolean;
  /** Default 登录. Any text is shown; one console warning when it holds neither 登录 (login) nor 注册 (sign-up). */
  btnText?: string;
  /** Label above the number (default 本机号码). */
  numberLabel?: string;
  /** Default 我已阅读并同意. */
  privacyBefore?: string;
  /** Default ''. */
  privacyEnd?: string;
  /** Default 和. */
  agreeSymbol?: string;
  /** Your first agreement. */
  privacyOne?: PrivacyLink;
  /** Your second agreement. */
  privacyTwo?: PrivacyLink;
  /**
   * Where the carrier's agreement goes among the agreements shown, counted from 0 and clamped to the end: 0 puts it
   * first, 1 after `privacyOne`, 2 (the default) after both of yours.
   */
  privacyVenderIndex?: number;
  /** Before the carrier agreement's name (default 《). */
  vendorPrivacyPrefix?: string;
  /** After the carrier agreement's name (default 》). */
  vendorPrivacySuffix?: string;
  /** Image of the ticked agreement box. */
  privacyCheckedImg?: string;
  /** A centred dialog over a dimmed page instead of a full page (default false). */
  isDialog?: boolean;
  /** If false (the default) the page closes itself after a successful submit; if true call `closeLoginPage()`. */
  manualClose?: boolean;
  /** Show `customView` (default false). */
  showCustomView?: boolean;
  customView?: CustomView;
  /** Show `extraBtn` (default false). */
  isShowExtraBtn?: boolean;
  extraBtn?: ExtraButton;
  /** Focus the first digit when the page opens, opening the keyboard (default false: the title gets the focus). */
  isFocus?: boolean;
  /** Id of the element to render into (the page then takes part in that element's layout); default over the viewport. */
  mount?: string;
  /** Show the agreement-first page before the digits (default false). */
  isPrePageType?: boolean;
  prePageTypeOption?: PrePageTypeOption;
  /** Use `privacyAlertConfig`'s dialog (default false). */
  privacyAlertIsNeedShow?: boolean;
  privacyAlertConfig?: PrivacyAlertConfig;
  /** `zIndex` of the full-viewport page (default 2000; digits only). */
  style?: { zIndex?: number | string };
}

/** Data of every watch event. */
export interface WatchData {
  requestId: string;
  netType: Vender;
}

/** What an agreement link adds to the watch data (watch statuses 3 and 7, `previewPrivacyWatch`). */
export interface WatchLinkData extends WatchData {
  link: string;
  name: string;
}

/**
 * `watch(status, data)`: 1 page shown · 2 back/cancel pressed (page closes) · 3 agreement link tapped ·
 * 5 login pressed · 6 masked number received (stops the timeout) · 7 tab change (privacy dialog only).
 * Which data comes with which status, as a union of `[status, data]` pairs.
 */
export type WatchEvent =
  | [status: 1, data: WatchData]
  | [status: 2, data: WatchData]
  | [status: 3, data: WatchLinkData]
  | [status: 5, data: WatchData]
  | [status: 6, data: WatchData]
  | [status: 7, data: WatchLinkData];

export type WatchStatus = WatchEvent[0];

/**
 * The `watch` callback. A plain two-parameter signature rather than `(...event: WatchEvent)`, so that pages may
 * declare fewer parameters (`watch: (status) => …`, as many pages do): TypeScript does not accept a
 * one-parameter function where the parameters are a union of tuples. `link` and `name` are present with statuses
 * 3 and 7 only (`WatchEvent` says which data comes with which status).
 */
export type Watch = (status: WatchStatus, data: WatchData & Partial<Pick<WatchLinkData, 'link' | 'name'>>) => void;

/** `protocolPageWatch(status, data)`: 1 the agreement-first page is shown · 2 it was agreed (the digits page follows). */
export type ProtocolPageWatch = (status: 1 | 2, data: WatchData) => void;

/** `privacyAlertWatch(status, data)`: 1 the privacy dialog is shown · 2 it closed (`agreed`: its agree button was pressed). */
export type PrivacyAlertWatch = (status: 1 | 2, data: WatchData & { agreed?: boolean }) => void;

/** `previewPrivacyWatch(1, data)`: an agreement link was tapped (the link opens in a new tab). */
export type PreviewPrivacyWatch = (status: 1, data: WatchLinkData) => void;

/** Options of `getLoginToken` (default timeout 3 s, covering only the time until the masked number is known). */
export interface LoginTokenOptions extends TimeoutOption {
  /** The login page; absent, every field takes its default. */
  authPageOption?: AuthPageOption;
  watch?: Watch;
  protocolPageWatch?: ProtocolPageWatch;
  privacyAlertWatch?: PrivacyAlertWatch;
  previewPrivacyWatch?: PreviewPrivacyWatch;
}

/** The vendor's seven-entry table, with its spelling. */
export interface ErrorsTable {
  readonly ERROR_UNKNOW: 600010;
  readonly ERROR_CHECK_AUTH: 600025;
  readonly ERROR_CHECK_ENV: 600008;
  readonly ERROR_GET_TOKEN: 600011;
  readonly ERROR_UNAVAILABLE: 600013;
  readonly ERROR_MAX_TIME: 600014;
  readonly ERROR_TIMEOUT: 600015;
}

/** **[ours]** Every code with a stable name and the vendor's message. */
export type ResultCodesTable = { readonly [C in ResultCode]: { readonly name: string; readonly msg: string } };

export declare const Errors: ErrorsTable;
export declare const ResultCodes: ResultCodesTable;

/** What a Promise-mode call rejects with: a real `Error` carrying the error payload's fields. */
export declare class PhoneNumberServerError<C extends ErrorCode = ErrorCode> extends Error {
  name: 'PhoneNumberServerError';
  code: C;
  msg: string;
  requestId: string;
  detail: string;
  content?: ErrorPayload<C>['content'];
}

export declare class PhoneNumberServer {
  /**
   * Loads the SDK's wasm on first use. Throws an Error with `code` 600028 on bad options. Never throws for a browser
   * without WebAssembly or one refusing to compile it (a Content-Security-Policy without `'wasm-unsafe-eval'`): the
   * instance then answers the synchronous methods, and every asynchronous call ends with 600008 whose `detail` names
   * the cause.
   */
  constructor(options?: PhoneNumberServerOptions);

  /** Console logging of progress and failures (default on). */
  setLoggerEnable(isEnabled: boolean): void;
  /** The vendor's switch for its usage reports: accepted and ignored (this SDK sends no telemetry). */
  setUploadEnable(isEnabled: boolean): void;
  /** The SDK version, e.g. "1.0.0". */
  getVersion(): string;
  getConnection(): ConnectionType;
  checkEnvAvailable(): EnvAvailability;

  /** Number verification, step 1: checks your server's tokens and this page's origin (default timeout 10 s). */
  checkAuthAvailable(options: CheckAuthOptions & WithCallbacks<CheckSuccess, CheckError>): void;
  checkAuthAvailable(options: CheckAuthOptions & WithoutCallbacks): Promise<CheckSuccess>;

  /** Number verification, step 2: asks the carriers for a token (needs a successful check on this instance). */
  getVerifyToken(options: VerifyTokenOptions & WithCallbacks<VerifyTokenSuccess, VerifyTokenError>): void;
  getVerifyToken(options?: VerifyTokenOptions & WithoutCallbacks): Promise<VerifyTokenSuccess>;

  /** One-click login, step 1 (tokens of BizType 1). */
  checkLoginAvailable(options: CheckAuthOptions & WithCallbacks<CheckSuccess, CheckError>): void;
  checkLoginAvailable(options: CheckAuthOptions & WithoutCallbacks): Promise<CheckSuccess>;

  /** One-click login, step 2: shows the login page; resolves when the user confirms. */
  getLoginToken(options: LoginTokenOptions & WithCallbacks<LoginTokenSuccess, LoginTokenError>): void;
  getLoginToken(options?: LoginTokenOptions & WithoutCallbacks): Promise<LoginTokenSuccess>;

  /** Removes the login page; safe any number of times, and as a detached function (`this: void`). */
  closeLoginPage(this: void): void;
}

declare const _default: {
  PhoneNumberServer: typeof PhoneNumberServer;
  PhoneNumberServerError: typeof PhoneNumberServerError;
  Errors: ErrorsTable;
  ResultCodes: ResultCodesTable;
};
export default _default;
