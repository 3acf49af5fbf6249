// The sandbox side panel: chooses this browser's simulated SIM (carrier, number, the connection the gateway sees),
// per-carrier faults, and the page's own scheme (demotion, quota), through the gateway's control API
// (docs/protocol.md §4). Shared by the demo pages; nothing here is part of a real integration.

// Every call but a GET says JSON, even without a body: the gateway refuses others, which a foreign page could send
// without a CORS preflight (gateway/src/sandbox_guard.rs).
const api = (path, method = 'GET', body) =>
  fetch(`/sandbox/v1/${path}`, {
    method,
    credentials: 'include',
    headers: method === 'GET' ? {} : { 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (res) => {
    if (!res.ok) throw new Error(`${method} /sandbox/v1/${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  });

const $ = (id) => document.getElementById(id);

// The panel's markup, the same on every demo page: each page has an empty <aside id="sandbox"> for it.
$('sandbox').innerHTML = `
  <h2 id="sandbox-title">Sandbox <span class="tag">模拟环境</span></h2>
  <p class="sandbox-note">这台浏览器被当作一部手机：选择它的 SIM 卡、数据连接和运营商故障。设置通过网关的 sandbox 控制接口生效。</p>

  <fieldset>
    <legend>SIM 卡</legend>
    <label class="row">运营商
      <select id="sim-carrier">
        <option value="CM">中国移动 CM</option>
        <option value="CU">中国联通 CU</option>
        <option value="CT">中国电信 CT</option>
      </select>
    </label>
    <label class="row">号码
      <input id="sim-number" type="tel" inputmode="numeric" maxlength="11" value="13800000000">
    </label>
    <label class="row">网关所见连接
      <select id="sim-connection">
        <option value="cellular">蜂窝数据</option>
        <option value="wifi">Wi-Fi</option>
        <option value="none">无网络</option>
      </select>
    </label>
    <button type="button" class="link" id="sim-fill">把 SIM 号码填入表单</button>
    <a class="link" id="sim-sms" href="sms.html" target="_blank">这部手机的短信收件箱 ↗</a>
  </fieldset>

  <fieldset>
    <legend>运营商故障 <small>（仅作用于本设备）</small></legend>
    <div class="fault-grid" id="faults">
      <span></span><span>维护</span><span>限额</span><span>管控</span><span>延迟 ms</span>
    </div>
  </fieldset>

  <fieldset>
    <legend>方案 <small>（本页专用方案号）</small></legend>
    <label class="row check"><input type="checkbox" id="scheme-demoted"> 降级（600013）</label>
    <label class="row">调用额度
      <input id="scheme-quota" type="number" min="0" placeholder="不限">
    </label>
    <p class="mono" id="scheme-code">—</p>
  </fieldset>

  <fieldset>
    <legend>浏览器环境</legend>
    <dl class="env" id="env"></dl>
  </fieldset>
  <p class="sandbox-status" id="sandbox-status" role="status">连接网关…</p>
`;
// Filling the form only makes sense on a page that asks for a number.
$('sim-fill').hidden = !document.getElementById('phone');
const status = $('sandbox-status');
const CARRIERS = ['CM', 'CU', 'CT'];
const DEVICE_KEY = 'pns-demo-device';
const SCHEME_KEY = 'pns-demo-scheme';

let deviceId = '';
let scheme = '';
/** @type {Record<string, {maintenance?: boolean, quota?: boolean, blocked?: boolean, delayMs?: number}>} */
let faults = {};

/** The scheme this page's backend asks tokens for (undefined: the gateway's demo scheme). */
export function sceneCode() {
  return scheme || undefined;
}

function say(text, bad = false) {
  status.textContent = text;
  status.classList.toggle('bad', bad);
}

async function ensureDevice() {
  const saved = localStorage.getItem(DEVICE_KEY);
  if (saved) {
    try {
      const device = await api(`devices/${encodeURIComponent(saved)}`);
      await api(`devices/${encodeURIComponent(saved)}/select`, 'POST');
      return device;
    } catch { /* gone (the gateway restarted): make a new one */ }
  }
  const device = await api('devices', 'POST', { carrier: 'CM', number: '13800000000', connection: 'cellular', select: true });
  localStorage.setItem(DEVICE_KEY, device.id);
  return device;
}

async function ensureScheme() {
  const saved = sessionStorage.getItem(SCHEME_KEY);
  if (saved) return saved;
  // simulatedEnvironment: the SIM picked in this panel, not the laptop's browser, decides the environment.
  const created = await api('schemes', 'POST', {
    url: `${location.origin}/`, origin: location.origin, simulatedEnvironment: true,
  });
  sessionStorage.setItem(SCHEME_KEY, created.sceneCode);
  return created.sceneCode;
}

function renderDevice(device) {
  $('sim-carrier').value = device.carrier;
  $('sim-number').value = device.number;
  $('sim-connection').value = device.connection;
  $('sim-sms').setAttribute('href', `sms.html?number=${encodeURIComponent(device.number)}`);
  faults = device.faults || {};
  for (const c of CARRIERS) {
    const f = faults[c] || {};
    for (const key of ['maintenance', 'quota', 'blocked']) $(`fault-${c}-${key}`).checked = Boolean(f[key]);
    $(`fault-${c}-delayMs`).value = f.delayMs ? String(f.delayMs) : '';
  }
}

function buildFaultGrid() {
  const grid = $('faults');
  for (const c of CARRIERS) {
    const name = document.createElement('span');
    name.textContent = c;
    name.className = 'carrier';
    grid.append(name);
    for (const key of ['maintenance', 'quota', 'blocked']) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `fault-${c}-${key}`;
      box.setAttribute('aria-label', `${c} ${key}`);
      grid.append(box);
    }
    const delay = document.createElement('input');
    delay.type = 'number';
    delay.min = '0';
    delay.step = '500';
    delay.placeholder = '0';
    delay.id = `fault-${c}-delayMs`;
    delay.setAttribute('aria-label', `${c} delay ms`);
    grid.append(delay);
  }
}

function readFaults() {
  const out = {};
  for (const c of CARRIERS) {
    const delay = Number($(`fault-${c}-delayMs`).value) || 0;
    out[c] = {
      maintenance: $(`fault-${c}-maintenance`).checked,
      quota: $(`fault-${c}-quota`).checked,
      blocked: $(`fault-${c}-blocked`).checked,
      delayMs: Math.min(delay, 60000),
    };
  }
  return out;
}

/** Sends only what changed: a new carrier alone gets a fresh number of that carrier; a number implies its carrier. */
async function saveDevice(event) {
  if (!deviceId) return;
  const id = event && event.target && event.target.id;
  const patch = id === 'sim-carrier' ? { carrier: $('sim-carrier').value }
    : id === 'sim-number' ? { number: $('sim-number').value.trim() }
    : id === 'sim-connection' ? { connection: $('sim-connection').value }
    : { faults: readFaults() };
  try {
    const device = await api(`devices/${encodeURIComponent(deviceId)}`, 'PATCH', patch);
    renderDevice(device);
    say(`设备 ${device.id.slice(0, 8)} · ${device.carrier} ${device.number} · ${device.connection}`);
  } catch (e) {
    say(`保存失败：${e.message}`, true);
  }
}

async function saveScheme() {
  if (!scheme) return;
  const quotaText = $('scheme-quota').value.trim();
  try {
    const patch = { demoted: $('scheme-demoted').checked };
    if (quotaText !== '') patch.quota = Number(quotaText);
    await api(`schemes/${encodeURIComponent(scheme)}`, 'PATCH', patch);
    say(`方案 ${scheme} 已更新`);
  } catch (e) {
    say(`保存失败：${e.message}`, true);
  }
}

function renderEnv() {
  const env = $('env');
  env.replaceChildren();
  let sdk;
  try { sdk = new window.PhoneNumberServer(); } catch { return; }
  const { isPc, isWifi } = sdk.checkEnvAvailable();
  const rows = [
    ['SDK 版本', sdk.getVersion()],
    ['getConnection()', sdk.getConnection()],
    ['isPc', String(isPc)],
    ['isWifi', String(isWifi)],
  ];
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    env.append(dt, dd);
  }
  if (isPc) {
    const note = document.createElement('p');
    note.className = 'env-note';
    note.textContent = '这是桌面浏览器：本页的沙箱方案让上面的模拟 SIM 决定环境，所以照样能走通；正式方案下桌面浏览器会立即得到 600008。';
    env.after(note);
  }
}

async function start() {
  buildFaultGrid();
  renderEnv();
  try {
    const device = await ensureDevice();
    deviceId = device.id;
    renderDevice(device);
    // Listen before saying the device is ready: a change made right after the status appears must not be lost.
    for (const id of ['sim-carrier', 'sim-number', 'sim-connection']) $(id).addEventListener('change', saveDevice);
    $('faults').addEventListener('change', saveDevice);
    say(`设备 ${device.id.slice(0, 8)} · ${device.carrier} ${device.number} · ${device.connection}`);
  } catch (e) {
    say(`无法连接网关的 sandbox 接口：${e.message}`, true);
    return;
  }
  try {
    scheme = await ensureScheme();
    $('scheme-code').textContent = `SceneCode ${scheme}`;
    $('scheme-demoted').addEventListener('change', saveScheme);
    $('scheme-quota').addEventListener('change', saveScheme);
  } catch {
    $('scheme-code').textContent = '使用网关的演示方案';
  }
  $('sim-fill').addEventListener('click', () => {
    const phone = document.getElementById('phone');
    if (phone) phone.value = $('sim-number').value;
  });
}

start();
