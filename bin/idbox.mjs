#!/usr/bin/env node
// The `idbox` command line. `npm install` builds it to JavaScript (scripts/node-build.mjs, run as
// `prepare`); when the sources changed since, or the build is missing, it is rebuilt here first.
import { pathToFileURL } from 'node:url';
import { build, freshBuild, ROOT } from '../scripts/node-build.mjs';

let entry = freshBuild('cli');
if (!entry) {
  try {
    entry = await build('cli');
  } catch (err) {
    process.stderr.write(`The idbox command could not be built (${err instanceof Error ? err.message.split('\n')[0] : err}). Run "npm install" in ${ROOT}, then try again.\n`);
    process.exit(70);
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
