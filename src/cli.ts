#!/usr/bin/env node
// The `creative-score` bin (dist/cli.js): the commands live in cli/index.ts.
import { main } from './cli/index.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);
