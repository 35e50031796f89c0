'use strict';
// Load a bundled CommonJS module of dist/ with V8's code cache: `<file>.cache`, written at build
// time (scripts/build.mjs runs the CLI once with MESH_WRITE_CODE_CACHE=1), holds the compiled code
// of the functions a run uses, so start-up skips compiling them. A missing or stale cache (another
// Node version) only means a normal compile.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

module.exports = function load(file) {
  const filename = path.resolve(__dirname, file);
  let source;
  let cachedData;
  try {
    source = fs.readFileSync(filename, 'utf8');
  } catch {
    return require(filename);
  }
  try {
    cachedData = fs.readFileSync(`${filename}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  require.cache[filename] = m;
  const req = (id) => m.require(id);
  req.resolve = (id) => Module._resolveFilename(id, m);
  req.cache = require.cache;
  script.runInThisContext().call(m.exports, m.exports, req, m, filename, path.dirname(filename));
  m.loaded = true;
  if (process.env.MESH_WRITE_CODE_CACHE) {
    process.on('exit', () => {
      try {
        fs.writeFileSync(`${filename}.cache`, script.createCachedData());
      } catch {
        /* read-only install: run without a cache */
      }
    });
  }
  return m.exports;
};
