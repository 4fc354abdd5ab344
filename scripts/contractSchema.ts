// Builds the JSON Schema of the whole contract (channels, events, wire frames, settings, plugin UI methods) from zod.
import { z } from 'zod';
import { eventChannels, invokeChannels, type EventChannel } from '../preload/contract/channels';
import { ErrorCode } from '../preload/contract/result';
import { Settings } from '../preload/contract/settings';
import { ClientFrame, IPC_RPC_CHANNEL, SESSION_SCOPED_EVENTS, ServerFrame } from '../preload/contract/wire';
import { memoryUi } from '../plugins/memory/contract';
import { plannerUi } from '../plugins/planner/contract';

/** A JSON Schema document (draft 2020-12), as zod emits it. */
export type JsonSchema = Record<string, unknown>;

/** The contract as one JSON document for third-party clients; see {@link buildContractSchema}. */
export interface ContractSchema {
  $schema: string;
  title: string;
  description: string;
  /** The package version the schema was built from. */
  version: string;
  /** The WebSocket path and the Electron IPC channel the frames travel on. */
  transports: { websocket: string; ipc: string };
  /** Frames a client sends and a server sends (preload/contract/wire.ts). */
  wire: { client: JsonSchema; server: JsonSchema };
  /** Error codes a reply may carry. */
  errorCodes: readonly string[];
  /** Request channels: what a client sends as `params` (defaults optional) and what `result.value` holds. */
  invoke: Record<string, { params: JsonSchema; result: JsonSchema }>;
  /** Event channels: the payload of each; `sessionScoped` ones arrive only for subscribed sessions. */
  events: Record<string, { payload: JsonSchema; sessionScoped: boolean }>;
  /** settings.json and `settings/get`'s `values`. */
  settings: JsonSchema;
  /** `plugin/call` methods of the built-in plugins with a UI contract: `params` and the `result` value. */
  pluginMethods: Record<string, Record<string, { params: JsonSchema; result: JsonSchema }>>;
}

/** The JSON Schema of what a sender writes (`io: 'input'`: defaulted fields optional) or what a receiver gets. */
function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io });
  return rest;
}

/**
 * Emits the whole contract as JSON Schema (draft 2020-12) with zod 4's `z.toJSONSchema`
 * (https://zod.dev/json-schema): every request channel's params and result, every event payload, the wire frames,
 * the error codes, the settings and the plugin UI methods. Throws if a schema cannot be represented.
 */
export function buildContractSchema(version: string): ContractSchema {
  const plugins = [memoryUi, plannerUi];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Deskpilot contract',
    description:
      'Requests, replies, events and subscriptions between a client and the Deskpilot runtime, over the loopback ' +
      'WebSocket bridge (Authorization: Bearer <token from <home>/runtime/bridge.json>) or Electron IPC. ' +
      'A request is answered by exactly one reply with the same id; events arrive only for subscribed channels.',
    version,
    transports: { websocket: 'ws://127.0.0.1:<port>/ws', ipc: IPC_RPC_CHANNEL },
    wire: { client: schemaOf(ClientFrame, 'input'), server: schemaOf(ServerFrame, 'output') },
    errorCodes: ErrorCode.options,
    invoke: Object.fromEntries(
      Object.entries(invokeChannels).map(([channel, spec]) => [
        channel,
        { params: schemaOf(spec.params, 'input'), result: schemaOf(spec.result, 'output') },
      ]),
    ),
    events: Object.fromEntries(
      (Object.keys(eventChannels) as EventChannel[]).map((event) => [
        event,
        { payload: schemaOf(eventChannels[event], 'output'), sessionScoped: SESSION_SCOPED_EVENTS.has(event) },
      ]),
    ),
    settings: schemaOf(Settings, 'output'),
    pluginMethods: Object.fromEntries(
      plugins.map((ui) => [
        ui.pluginId,
        Object.fromEntries(
          Object.entries(ui.methods).map(([method, spec]) => [
            method,
            { params: schemaOf(spec.params, 'input'), result: schemaOf(spec.result, 'output') },
          ]),
        ),
      ]),
    ),
  };
}
