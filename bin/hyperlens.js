#!/usr/bin/env node
// The `hyperlens` command: a thin launcher for the bundled CLI.
require('../dist/cli.js');
