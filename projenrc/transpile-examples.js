// Transpiles examples/ and the library sources they import into lib-examples/, file by file and
// without type-checking, so that `npm run demo` synthesizes with plain node in a few seconds.
// Type errors are caught by the `typecheck` step of `npm test`, which checks the same files.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'lib-examples');
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  inlineSources: true,
};

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

fs.rmSync(outDir, { recursive: true, force: true });
let count = 0;
for (const dir of ['examples', 'src']) {
  for (const file of sources(path.join(root, dir))) {
    const rel = path.relative(root, file);
    const result = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions, fileName: rel, reportDiagnostics: true });
    if (result.diagnostics && result.diagnostics.length > 0) {
      const text = ts.formatDiagnostics(result.diagnostics, { getCanonicalFileName: f => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
      throw new Error(`cannot transpile ${rel}:\n${text}`);
    }
    const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result.outputText);
    count++;
  }
}
// The library's custom resource handlers are bundled into assets/ (npx projen bundle); the
// transpiled sources find them at the same relative path as src/ does.
const assets = path.join(root, 'assets');
if (!fs.existsSync(assets)) throw new Error('assets/ is missing: run `npx projen bundle` first (npm run demo does)');
fs.symlinkSync(assets, path.join(outDir, 'assets'), 'dir');
console.error(`transpiled ${count} files into ${path.relative(root, outDir)}/`);
