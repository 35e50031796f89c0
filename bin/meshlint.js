#!/usr/bin/env node
'use strict';
require('./load.js')('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
