// The list of built-in tools the runtime registers with source 'builtin'.
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { createBashTool, type BashToolOptions } from './bash';
import { editFileTool } from './editFile';
import { globTool } from './glob';
import { grepTool } from './grep';
import { listDirTool } from './listDir';
import type { UrlOpener } from '../../util/systemOpener';
import { createOpenUrlTool } from './openUrl';
import { readDocumentTool } from './readDocument';
import { readFileTool } from './readFile';
import { createWebFetchTool, type WebFetchSettings } from './webFetch';
import { writeFileTool } from './writeFile';

/** Options of {@link builtinTools}: `opener` replaces the OS URL opener of `open_url` (tests, the Electron shell). */
export interface BuiltinToolOptions {
  opener?: UrlOpener;
  /** The environment `bash` commands start from (see {@link BashToolOptions.environment}). */
  shellEnvironment?: BashToolOptions['environment'];
  /** Settings `web_fetch` reads at each call; default: private addresses refused. */
  webSettings?: () => WebFetchSettings;
}

/**
 * The built-in tools: read_file, read_document, list_dir, glob, grep (risk read), write_file, edit_file (write), bash
 * (destructive), open_url, web_fetch (external). Register each with `ToolRegistry.register(tool)`; names are used as is.
 */
export function builtinTools(opts: BuiltinToolOptions = {}): ToolDefinition[] {
  return [
    readFileTool,
    readDocumentTool,
    listDirTool,
    globTool,
    grepTool,
    writeFileTool,
    editFileTool,
    createBashTool({ environment: opts.shellEnvironment }),
    createOpenUrlTool(opts.opener),
    createWebFetchTool(opts.webSettings ?? (() => ({ allowPrivateAddresses: false }))),
  ];
}
