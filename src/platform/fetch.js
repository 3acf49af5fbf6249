// The SDK's one kind of request, for src/platform/fetch.rs: written in JS, where building a `Request` costs a
// line, while each web-sys setter would add its own import and glue to the wasm module.

/**
 * POSTs `body` as `text/plain;charset=UTF-8` (a CORS-simple request: no preflight), with the target host's cookies
 * when `credentials` is true. Throws at once what the browser refuses to build (a malformed URL). The promise
 * resolves to the answer's text when the status is 2xx, and rejects with the status (a number) otherwise, or with
 * fetch's exception (network failure, abort).
 *
 * @param {string} url @param {string} body @param {boolean} credentials @param {AbortSignal | undefined} signal
 * @returns {Promise<string>}
 */
export function post(url, body, credentials, signal) {
  const request = new Request(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    credentials: credentials ? 'include' : 'same-origin',
    signal,
  });
  return fetch(request).then((r) => {
    if (!r.ok) throw r.status;
    return r.text();
  });
}
