// Playwright failures as tool errors the model can act on: stale ref, hidden or covered element, timeout, closed tab.
import { BrowserToolError } from './session';

/**
 * Rewrites a Playwright error thrown while acting on `target` (e.g. `ref e12`) into a {@link BrowserToolError} whose
 * message says what happened and what to call next. Errors that are already BrowserToolErrors pass through.
 */
export function actionError(error: unknown, target: string): BrowserToolError {
  if (error instanceof BrowserToolError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0];
  if (/has been closed|Target closed|browser has disconnected|Browser closed/i.test(message))
    return new BrowserToolError(
      `The tab or browser was closed (or crashed) while acting on ${target}. Call browser_tabs to see open tabs, or browser_open to start again.`,
    );
  if (/intercepts pointer events/i.test(message))
    return new BrowserToolError(
      `${target} is covered by another element (a dialog, banner or overlay). Close or scroll past it (browser_snapshot shows what is on top), then try again.`,
    );
  if (/not visible|element is outside of the viewport|element is not attached/i.test(message))
    return new BrowserToolError(
      `${target} is hidden or no longer on the page. Call browser_snapshot for the current elements, or browser_scroll to reveal it.`,
    );
  if (/not enabled|element is disabled/i.test(message))
    return new BrowserToolError(
      `${target} is disabled. Fill the required fields first, then take a new browser_snapshot.`,
    );
  if (/Timeout .*exceeded|TimeoutError/i.test(message)) {
    if (/navigat|page\.goto|waiting for navigation|load/i.test(message))
      return new BrowserToolError(
        `The page did not finish loading in time (${first}). Check the URL, call browser_wait for the page, or browser_snapshot to see what loaded.`,
      );
    return new BrowserToolError(
      `${target} could not be used in time (${first}). It may be hidden, covered or still loading: call browser_snapshot and try again with a fresh ref.`,
    );
  }
  if (/net::ERR_/i.test(message))
    return new BrowserToolError(
      `The page could not be loaded: ${first}. Check the URL and the network, then try again.`,
    );
  return new BrowserToolError(`Acting on ${target} failed: ${first}`);
}
