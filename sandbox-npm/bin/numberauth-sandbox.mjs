#!/usr/bin/env node
// `npx numberauth-sandbox --sandbox`: runs the prebuilt gateway with the flags of the gateway itself
// (`--sandbox | --config FILE`, `--listen`, `--public-url`, `--www`, `--sdk-dir`, `--help`), serving this
// package's demo pages at /demo/ and the SDK at /sdk/ unless --www / --sdk-dir say otherwise.
import { spawn } from 'node:child_process';
import { gatewayArgs, gatewayBinary } from '../index.mjs';

let bin;
try {
  bin = process.env.NUMBERAUTH_SANDBOX_BIN || gatewayBinary();
} catch (e) {
  console.error(`numberauth-sandbox: ${e.message}`);
  process.exit(1);
}
const child = spawn(bin, gatewayArgs(process.argv.slice(2)), { stdio: 'inherit' });
// A signal sent to this wrapper is passed on, and the wrapper exits with the gateway (after its graceful
// shutdown). Ctrl-C reaches both; the gateway shuts down once however many SIGINTs it gets.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  console.error(`numberauth-sandbox: cannot run ${bin}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
