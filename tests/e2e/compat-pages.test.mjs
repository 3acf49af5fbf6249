// The compatibility pages (compat-pages.mjs), each run through its whole flow on an emulated phone against the
// sandbox, ending with the backend's VerifyPhoneWithToken PASS or GetPhoneWithToken's number. The SDK is the built
// package, served by the gateway at /sdk/.
import { test } from 'node:test';
import { PAGES, runCompat } from './compat-pages.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();

for (const name of Object.keys(PAGES)) {
  test(`compat page: ${name}`, async (t) => {
    await runCompat(t, env, name);
  });
}
