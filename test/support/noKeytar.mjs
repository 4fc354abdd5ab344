// `node --import <this file>`: the process behaves as if the optional keytar package were not installed (its native
// build failed), so the credential store's fallback can be tested on a machine where keytar is built.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  if (specifier === 'keytar') {
    const error = new Error("Cannot find package 'keytar' (hidden by test/support/noKeytar.mjs)");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
