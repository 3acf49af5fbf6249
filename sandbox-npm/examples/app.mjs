// A minimal app, as yours has one: a page that uses the SDK (script tag) and a backend whose server-API calls go
// to the sandbox. In production the backend uses the vendor's client with the real endpoint instead; nothing
// on the page changes.
import http from 'node:http';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const SDK = createRequire(import.meta.url).resolve('numberauth-web/numberAuth-web-sdk.js');

const PAGE = `<!doctype html>
<meta charset="utf-8">
<meta name="referrer" content="origin">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example</title>
<script src="/sdk.js"></script>
<input id="number" aria-label="手机号" inputmode="numeric">
<button id="verify">验证本机号码</button>
<button id="login">本机号码一键登录</button>
<output id="result"></output>
<script>
  const post = (path, body) => fetch(path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((r) => r.json());
  const show = (text) => { document.getElementById('result').textContent = text; };
  document.getElementById('verify').onclick = async () => {
    const sdk = new PhoneNumberServer();
    try {
      await sdk.checkAuthAvailable(await post('/api/auth-token', { bizType: 0 }));
      const { spToken } = await sdk.getVerifyToken();
      const { verifyResult } = await post('/api/verify', { spToken, phoneNumber: document.getElementById('number').value });
      show(verifyResult);
    } catch (err) {
      show(err.code + ' ' + err.msg);
    }
  };
  document.getElementById('login').onclick = async () => {
    const sdk = new PhoneNumberServer();
    try {
      await sdk.checkLoginAvailable(await post('/api/auth-token', { bizType: 1 }));
      const { spToken } = await sdk.getLoginToken({ authPageOption: { navText: '登录示例' } });
      const { mobile } = await post('/api/login', { spToken });
      show('已登录：' + mobile);
    } catch (err) {
      show(err.code + ' ' + err.msg);
    }
  };
</script>`;

async function readJson(req) {
  let s = '';
  for await (const chunk of req) s += chunk;
  return JSON.parse(s || '{}');
}

/**
 * Starts the app on 127.0.0.1 and a free port. `sandbox` plays the server API; `getSceneCode()` names the scheme
 * registered for the app's origin.
 * @param {import('numberauth-sandbox').Sandbox} sandbox
 */
export async function startApp(sandbox, getSceneCode) {
  const server = http.createServer(async (req, res) => {
    const send = (status, type, body) => res.writeHead(status, { 'content-type': type }).end(body);
    try {
      if (req.url === '/') return send(200, 'text/html; charset=utf-8', PAGE);
      if (req.url === '/sdk.js') return send(200, 'text/javascript', fs.readFileSync(SDK));
      if (req.method !== 'POST') return send(404, 'text/plain', 'not found');
      const body = await readJson(req);
      let answer;
      if (req.url === '/api/auth-token') {
        // GetAuthToken, signed with the AccessKey, as your backend calls it.
        answer = await sandbox.getAuthTokens({ bizType: body.bizType, sceneCode: getSceneCode() });
      } else if (req.url === '/api/verify') {
        const r = await sandbox.verifyPhoneWithToken(body.spToken, body.phoneNumber);
        answer = { verifyResult: r.GateVerify?.VerifyResult ?? r.Code };
      } else if (req.url === '/api/login') {
        const r = await sandbox.getPhoneWithToken(body.spToken);
        answer = { mobile: r.Data?.Mobile ?? r.Code };
      } else {
        return send(404, 'text/plain', 'not found');
      }
      return send(200, 'application/json', JSON.stringify(answer));
    } catch (err) {
      return send(500, 'application/json', JSON.stringify({ error: String(err) }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
