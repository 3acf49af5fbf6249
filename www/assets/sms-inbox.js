// The sandbox's SMS inbox page (Mailpit-like): what the gateway "sent" to a simulated phone, newest first, through
// the SMS control API (docs/protocol.md §4). Not part of a real integration.
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const VALID = /^1[3-9]\d{9}$/;
const STATUS = { delivered: '已送达', pending: '投递中', failed: '投递失败', unreachable: '无法接通' };

const api = (path, method = 'GET', body) =>
  fetch(`/sandbox/v1/${path}`, {
    method,
    credentials: 'include',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (res) => {
    if (!res.ok) throw new Error(`${method} /sandbox/v1/${path}: ${res.status} ${await res.text()}`);
    return res.json();
  });

function say(text, bad = false) {
  $('inbox-status').textContent = text;
  $('inbox-status').classList.toggle('bad', bad);
}

/** This browser's simulated SIM number (the demo panel's device), if any. */
async function simNumber() {
  const id = localStorage.getItem('pns-demo-device');
  if (!id) return '';
  try { return (await api(`devices/${encodeURIComponent(id)}`)).number || ''; } catch { return ''; }
}

let shown = '';
let faultFor = '';

function render(data) {
  const list = $('inbox');
  const key = JSON.stringify(data.messages.map((m) => [m.id, m.status]));
  if (key === shown) return;
  shown = key;
  list.replaceChildren();
  for (const m of data.messages) {
    const li = document.createElement('li');
    li.className = `sms-item ${m.status}`;
    li.dataset.status = m.status;
    const head = document.createElement('div');
    head.className = 'sms-meta';
    head.textContent = `${m.signName} · ${new Date(m.sentAt).toLocaleTimeString()} · ${STATUS[m.status] || m.status}`;
    const text = document.createElement('p');
    text.className = 'sms-text';
    text.textContent = m.text;
    const ids = document.createElement('div');
    ids.className = 'mono';
    ids.textContent = `BizId ${m.bizId}${m.outId ? ` · OutId ${m.outId}` : ''} · ${m.templateCode}`;
    li.append(head, text, ids);
    list.append(li);
  }
  $('inbox-empty').hidden = data.messages.length > 0;
}

async function refresh() {
  const n = $('inbox-number').value.trim();
  if (!VALID.test(n)) { $('inbox').replaceChildren(); shown = ''; $('inbox-empty').hidden = false; return; }
  try {
    const data = await api(`sms/inbox/${n}`);
    render(data);
    if (faultFor !== n) {
      faultFor = n;
      $('fault-mode').value = data.fault.mode;
      $('fault-delay').value = data.fault.delayMs ? String(data.fault.delayMs) : '';
    }
    say(`${n} · ${data.messages.length} 条短信`);
  } catch (e) {
    say(`无法读取收件箱：${e.message}`, true);
  }
}

async function saveFault() {
  const n = $('inbox-number').value.trim();
  if (!VALID.test(n)) return;
  const mode = $('fault-mode').value;
  const delayMs = mode === 'delayed' ? Math.min(Number($('fault-delay').value) || 0, 600000) : 0;
  try {
    await api(`sms/faults/${n}`, 'POST', { mode, delayMs });
    say(`${n} 的投递故障：${$('fault-mode').selectedOptions[0].textContent}`);
  } catch (e) {
    say(`保存失败：${e.message}`, true);
  }
}

async function start() {
  const fromUrl = new URLSearchParams(location.search).get('number');
  $('inbox-number').value = fromUrl || (await simNumber());
  $('inbox-number').addEventListener('input', () => { shown = ''; refresh(); });
  $('fault-mode').addEventListener('change', saveFault);
  $('fault-delay').addEventListener('change', saveFault);
  $('inbox-clear').addEventListener('click', async () => {
    const n = $('inbox-number').value.trim();
    if (!VALID.test(n)) return;
    await api(`sms/inbox/${n}`, 'DELETE').catch((e) => say(e.message, true));
    shown = '';
    refresh();
  });
  await refresh();
  // A phone shows new messages as they arrive: poll once a second.
  window.setInterval(refresh, 1000);
}

start();
