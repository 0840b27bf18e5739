// The engine kontrak runs: newman and the postman-runtime under it, with kontrak's patches
// (engine/README.md). In a checkout src/run/engine.ts loads this file from node_modules, where
// patch-package applied patches/; engine/bundle.mjs bundles it into dist/lib/engine/engine.cjs,
// which is what the compiled CLI (and so the installed package) loads.
'use strict';

const newman = require('newman');

module.exports = {
  newman,
  // Whether newman hands postman-runtime the `host` option (patches/newman+6.2.2.patch): in the
  // bundle, engine/bundle.mjs checked the patch before defining KONTRAK_ENGINE_PATCHED; from
  // node_modules, newman.run's own text tells.
  passesHost:
    typeof KONTRAK_ENGINE_PATCHED !== 'undefined' || /host: options\.host\b/.test(String(newman.run)),
  Runner: require('postman-runtime').Runner,
  runtimeYield: require('postman-runtime/lib/runner/yield'),
  // The script sandbox and the request library the runtime and newman load themselves.
  Sandbox: require('postman-sandbox'),
  request: require('postman-request'),
};
