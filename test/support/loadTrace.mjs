// `node --import <this file>`: appends the URL of every module the process loads to the file named by
// DESKPILOT_LOAD_TRACE, one per line (a Node module customization hook,
// https://nodejs.org/api/module.html#customization-hooks). Tests use it to see what a command loads at start-up.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  if (process.env.DESKPILOT_LOAD_TRACE) appendFileSync(process.env.DESKPILOT_LOAD_TRACE, url + '\\n');
  return nextLoad(url, context);
}`)}`,
);
