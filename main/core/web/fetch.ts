// Fetches a URL for web_fetch with node:http(s): only http(s), redirects followed by hand with every hop checked,
// the connected address checked after DNS (a hostname pointing at 127.0.0.1 is refused), size and time limits.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './addresses';

/** Redirects followed at most. */
export const MAX_REDIRECTS = 10;
/** Default limit of a fetched body (bytes). */
export const FETCH_MAX_BYTES = 20 * 1024 ** 2;
/** Default limit of one fetch, all redirects included (ms). */
export const FETCH_TIMEOUT_MS = 30_000;

/** Options of {@link fetchUrl}. */
export interface FetchOptions {
  /** Allow loopback, private and link-local addresses (the user's setting `web.allowPrivateAddresses`). */
  allowPrivate: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  signal: AbortSignal;
}

/** What {@link fetchUrl} got: the URL after redirects, the status, the Content-Type and the body. */
export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** The refusal for a private address, with the setting that allows it. */
function privateRefusal(host: string, address: string): Error {
  return new Error(
    `Refused to fetch ${host}: it resolves to ${address}, a loopback, private or link-local address. web_fetch reads public web pages only; to allow local and private addresses set web.allowPrivateAddresses to true (deskpilot config set web.allowPrivateAddresses true).`,
  );
}

/** A DNS lookup that fails when any resolved address is private (unless allowed). */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(privateRefusal(hostname, bad.address), '', 0);
      // Cast: LookupFunction types the callback for one address; with options.all Node expects the array form.
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Parses and checks one URL (the first or a redirect target): http(s) only, no private IP literal. */
export function checkUrl(raw: string, allowPrivate: boolean, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new Error(`${JSON.stringify(raw)} is not a valid URL. Pass a full address such as https://example.com/page.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`Only http: and https: URLs can be fetched; ${url.href} uses ${url.protocol}.`);
  if (url.username || url.password)
    throw new Error(`${url.host}: URLs with a user name or password are refused; pass the address without them.`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // IP literals are connected to without a lookup, so they are checked here; names are checked after DNS.
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) throw privateRefusal(url.hostname, host);
  return url;
}

/** One GET without following redirects. */
function get(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      signal,
      lookup: checkedLookup(opts.allowPrivate),
      headers: {
        'user-agent': 'Deskpilot web_fetch (+https://github.com/deskpilot)',
        accept: 'text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.8',
      },
    });
    req.on('response', resolve);
    req.on('error', reject);
  });
}

/** Reads a response body up to `maxBytes`; throws naming the limit when it is bigger. */
async function readBody(res: IncomingMessage, url: URL, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  const tooBig = () =>
    new Error(
      `${url.href} is larger than ${Math.round(maxBytes / 1024 ** 2)} MB; web_fetch stopped reading it. Download it with bash (curl -o) and use read_document on the file.`,
    );
  if (declared > maxBytes) {
    res.destroy();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * GETs `raw`, following up to {@link MAX_REDIRECTS} redirects; every hop's URL and connected address is checked
 * (http(s) only; private addresses refused unless `allowPrivate`).
 * @throws an Error naming the URL for a refused scheme or address, too many redirects, a body over `maxBytes`, the
 *   time limit, or a network error; the signal's reason when the caller aborts.
 */
export async function fetchUrl(raw: string, opts: FetchOptions): Promise<FetchedPage> {
  const limit = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(limit);
  const signal = AbortSignal.any([opts.signal, timeout]);
  let url = checkUrl(raw, opts.allowPrivate);
  try {
    for (let hop = 0; ; hop++) {
      const res = await get(url, opts, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS)
          throw new Error(`${raw} redirected more than ${MAX_REDIRECTS} times; stopped at ${url.href}.`);
        url = checkUrl(location, opts.allowPrivate, url.href);
        continue;
      }
      const body = await readBody(res, url, opts.maxBytes ?? FETCH_MAX_BYTES);
      return { url: url.href, status, contentType: String(res.headers['content-type'] ?? ''), body };
    }
  } catch (error) {
    if (timeout.aborted && !opts.signal.aborted)
      throw new Error(
        `${url.href} did not answer within ${Math.round(limit / 1000)} s; try again later or another address.`,
        { cause: error },
      );
    if (opts.signal.aborted) throw opts.signal.reason;
    const cause = (error as Error).message;
    if (cause.startsWith('Refused') || cause.includes('web_fetch') || cause.includes('redirected')) throw error;
    throw new Error(`Fetching ${url.href} failed: ${cause}`, { cause: error });
  }
}
