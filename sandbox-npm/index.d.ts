// Types of numberauth-sandbox's test helper (index.mjs). Hand-written; `tsc --noEmit -p sandbox-npm` checks them
// against types-test.ts, which uses them with Playwright's own types and proves wrong usage fails.

/** A simulated carrier: China Mobile, China Unicom, China Telecom. */
export type Carrier = 'CM' | 'CU' | 'CT';

/** The phone's data connection as the carriers see it (only `cellular` gets tokens). */
export type Connection = 'cellular' | 'wifi' | 'none';

/** Faults one carrier shows this phone (docs/protocol.md §3). */
export interface CarrierFaults {
  /** The carrier answers MAINTENANCE (the SDK reports 600011). */
  maintenance?: boolean;
  /** The carrier answers QUOTA. */
  quota?: boolean;
  /** The number is blocked (600018 when it is the only cause). */
  blocked?: boolean;
  /** The carrier answers this many milliseconds late (at most 60000). */
  delayMs?: number;
}

/** Faults per carrier, e.g. `{ CM: { maintenance: true } }`. */
export type Faults = Partial<Record<Carrier, CarrierFaults>>;

/** A simulated phone: a SIM and a data connection. */
export interface Phone {
  id: string;
  carrier: Carrier;
  number: string;
  connection: Connection;
  faults: Faults;
}

export interface PhoneOptions {
  /** Default: the number's carrier, else CM. */
  carrier?: Carrier;
  /** An 11-digit number of the carrier; default a fresh random one. */
  number?: string;
  /** Default `cellular`. */
  connection?: Connection;
  faults?: Faults;
  /** 1 to 64 of `A-Z a-z 0-9 - _`; default a random id. */
  id?: string;
}

export interface Lifetimes {
  /** Seconds (at most 86400). */
  accessToken?: number;
  jwt?: number;
  /** Can only shorten the carrier's own lifetime. */
  spToken?: number;
}

/** A scheme (方案号): the page address and origin the tokens are bound to. */
export interface Scheme {
  sceneCode: string;
  account: string;
  url: string;
  origin: string;
  endpoint: string | null;
  /** Identity checks still allowed; `null`: unlimited. */
  quota: number | null;
  demoted: boolean;
  lifetimes: Lifetimes;
  simulatedEnvironment: boolean;
}

export interface SchemeOptions {
  /** Your page's origin, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** Default `origin + '/'`. */
  url?: string;
  sceneCode?: string;
  /** An accountId or AccessKeyId; default the demo account. */
  account?: string;
  /** The gateway address the SDK uses (the JwtToken's `iss`); default the base URL. */
  endpoint?: string;
  quota?: number;
  demoted?: boolean;
  lifetimes?: Lifetimes;
  /** Let the simulated SIM, not the browser, decide the environment (no 600008 on a desktop browser). */
  simulatedEnvironment?: boolean;
}

export interface SchemePatch {
  /** Checks allowed from now on; `null`: unlimited. */
  quota?: number | null;
  demoted?: boolean;
  lifetimes?: Lifetimes;
}

/** An AccessKey pair; default the demo account's. */
export interface AccessKey {
  accessKeyId?: string;
  accessKeySecret?: string;
}

export interface Account {
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
}

export interface Info {
  baseUrl: string;
  account: { accountId: string; accessKeyId: string; accessKeySecret: string } | null;
  schemes: Scheme[];
  devices: Phone[];
  defaultDevice: Phone | null;
  /** The demo SignName and TemplateCode for SendSmsVerifyCode. */
  sms: { signName: string; templateCode: string } | null;
}

export interface AuthTokens {
  accessToken: string;
  jwtToken: string;
}

export interface AuthTokenOptions extends AccessKey {
  /** 0: number verification (default); 1: one-click login. */
  bizType?: 0 | 1;
  /** The scheme; default the demo scheme whose Origin is `origin` (default the base URL). */
  sceneCode?: string;
  origin?: string;
}

/** A server-API answer (PascalCase, as the platform sends it). */
export interface ApiAnswer {
  Code: string;
  Message: string;
  RequestId: string;
  [field: string]: unknown;
}

export interface VerifyAnswer extends ApiAnswer {
  GateVerify?: { VerifyResult: 'PASS' | 'REJECT' | 'UNKNOWN'; VerifyId: string };
}

export interface PhoneAnswer extends ApiAnswer {
  Data?: { Mobile: string };
}

/** One message of the sandbox's SMS inbox (docs/protocol.md §6). */
export interface SmsMessage {
  id: string;
  phoneNumber: string;
  signName: string;
  templateCode: string;
  /** 【SignName】 + the rendered template. */
  text: string;
  /** The generated code, when the sandbox generated one. */
  code?: string;
  bizId: string;
  outId?: string;
  /** Unix ms. */
  sentAt: number;
  deliveredAt?: number;
  status: 'delivered' | 'pending' | 'failed' | 'unreachable';
}

/** SMS delivery faults of one number. */
export interface SmsFault {
  mode: 'none' | 'delayed' | 'failed' | 'unreachable';
  /** With `delayed` only (at most 600000). */
  delayMs?: number;
}

/** The few Playwright `BrowserContext` methods the helper uses. */
export interface BrowserContextLike {
  addCookies(cookies: Array<{ name: string; value: string; url: string; sameSite?: "Lax" | "Strict" | "None" }>): Promise<unknown>;
  addInitScript(script: (connectionType: string) => void, connectionType: string): Promise<unknown>;
}

/** The few Playwright `Page` methods the helper uses. */
export interface PageLike {
  getByLabel(text: string): { click(): Promise<void> };
  keyboard: { type(text: string, options?: { delay?: number }): Promise<void> };
  locator(selector: string): {
    getByRole(role: 'checkbox' | 'button', options?: { name?: string; exact?: boolean }): {
      check(): Promise<void>;
      click(): Promise<void>;
    };
  };
}

export interface StartOptions {
  /** Default: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** A TOML configuration instead of `--sandbox`. */
  config?: string;
  /** More gateway flags, e.g. `['--public-url', 'http://sandbox.test:8787']`. */
  args?: string[];
  /** A gateway binary of your own (default: `NUMBERAUTH_SANDBOX_BIN`, else the one this package ships). */
  binary?: string;
  /** The gateway's working directory (relative `--config`, `--www`, `--sdk-dir` paths). */
  cwd?: string;
  /** How long to wait for /healthz (default 20000 ms). */
  timeoutMs?: number;
}

/** Thrown for an answer the sandbox refused. */
export class SandboxError extends Error {
  /** The HTTP status. */
  status: number;
  /** The parsed JSON answer (or its text). */
  body: unknown;
}

/** A running (or reachable) sandbox gateway. */
export class Sandbox {
  constructor(baseUrl: string);
  /** The browser-facing base URL, no trailing slash (the `endpoint` your backend's client uses). */
  readonly baseUrl: string;
  readonly port: number;
  /** Everything the gateway printed (empty for `connectSandbox`). */
  output(): string;
  /** Stops the gateway this helper started; a no-op for `connectSandbox`. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port (in-memory state is lost). */
  restart(): Promise<void>;
  info(): Promise<Info>;
  createPhone(options?: PhoneOptions): Promise<Phone>;
  getPhone(phone: Phone | string): Promise<Phone>;
  updatePhone(phone: Phone | string, patch: Partial<Omit<PhoneOptions, 'id'>>): Promise<Phone>;
  setFaults(phone: Phone | string, faults: Faults): Promise<Phone>;
  createScheme(options: SchemeOptions): Promise<Scheme>;
  getScheme(sceneCode: string): Promise<Scheme>;
  updateScheme(sceneCode: string, patch: SchemePatch): Promise<Scheme>;
  deleteScheme(sceneCode: string): Promise<void>;
  createAccount(options?: { qps?: number }): Promise<Account>;
  /** Any server-API action, v1-signed with `key` (default the demo account's). */
  callApi(action: string, params: Record<string, string>, key?: AccessKey): Promise<ApiAnswer>;
  /** GetAuthToken, as your backend calls it. */
  getAuthTokens(options?: AuthTokenOptions): Promise<AuthTokens>;
  verifyPhoneWithToken(spToken: string, phoneNumber: string, key?: AccessKey): Promise<VerifyAnswer>;
  getPhoneWithToken(spToken: string, key?: AccessKey): Promise<PhoneAnswer>;
  /** The `pns_sim` cookie and `navigator.connection.type` for `phone`, in a Playwright browser context. */
  attachPhone(context: BrowserContextLike, phone: Phone): Promise<void>;
  /** The SMS inbox of a phone (or number), newest first. */
  smsInbox(phone: Phone | string): Promise<SmsMessage[]>;
  /** The newest code that reached the phone, or null. */
  latestSmsCode(phone: Phone | string): Promise<string | null>;
  /** Empties one inbox, or all without an argument; resolves with how many messages went. */
  clearSmsInbox(phone?: Phone | string): Promise<number>;
  setSmsFault(phone: Phone | string, fault: SmsFault): Promise<SmsFault>;
}

/** Starts the gateway and resolves once it answers. */
export function startSandbox(options?: StartOptions): Promise<Sandbox>;
/** A sandbox started elsewhere (CI service, container, `npx numberauth-sandbox`). */
export function connectSandbox(baseUrl: string): Sandbox;
/** The shipped gateway's path; throws on a platform it is not built for (with what to do instead). */
export function gatewayBinary(): string;
/** `args` plus this package's `--www` and `--sdk-dir` unless given. */
export function gatewayArgs(args: string[]): string[];
/** A port on 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number>;
/** The 4th to 7th digits of an 11-digit number. */
export function middleFour(number: string): string;
/** Types the middle four digits on the SDK's login page (`phone`: a Phone, a number or the four digits). */
export function enterMiddleFour(page: PageLike, phone: Phone | string): Promise<void>;
/** Types the digits, ticks the agreement (unless `agree: false`) and presses 登录 (or `button`). */
export function completeLogin(page: PageLike, phone: Phone | string, options?: { agree?: boolean; button?: string }): Promise<void>;
