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
// Ctrl-C reaches the whole process group; a TERM sent to this wrapper alone is passed on.
for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
process.on('SIGINT', () => {});
child.on('error', (e) => {
  console.error(`numberauth-sandbox: cannot run ${bin}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
