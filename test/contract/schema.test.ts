// `npm run contract:schema`: the JSON Schema covers every channel, event, frame, error code and plugin UI method.
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../preload/contract/channels';
import { ErrorCode } from '../../preload/contract/result';
import { memoryUi } from '../../plugins/memory/contract';
import { createMemoryRpc } from '../../plugins/memory/rpc';
import type { MemoryService } from '../../plugins/memory/service';
import { plannerUi } from '../../plugins/planner/contract';
import { createPlannerRpc } from '../../plugins/planner/rpc';
import type { PlannerEnv } from '../../plugins/planner/model';
import type { SessionPlanner } from '../../plugins/planner/sessionState';
import { buildContractSchema } from '../../scripts/contractSchema';

const schema = buildContractSchema('0.0.0-test');

describe('contract JSON Schema', () => {
  it('has params and result for every request channel, a payload for every event, and the frames', () => {
    expect(Object.keys(schema.invoke).sort()).toEqual(Object.keys(invokeChannels).sort());
    for (const [channel, spec] of Object.entries(schema.invoke)) {
      expect(spec.params, channel).toMatchObject({ type: expect.any(String) });
      expect(spec.result, channel).toBeTypeOf('object');
    }
    expect(Object.keys(schema.events).sort()).toEqual(Object.keys(eventChannels).sort());
    expect(schema.events['agent/event']!.sessionScoped).toBe(true);
    expect(schema.events['session/updated']!.sessionScoped).toBe(false);
    const clientTypes = (schema.wire.client.oneOf as Array<{ properties: { type: { const: string } } }>).map(
      (s) => s.properties.type.const,
    );
    expect(clientTypes.sort()).toEqual(['cancel', 'request', 'subscribe', 'unsubscribe']);
    const serverTypes = (schema.wire.server.oneOf as Array<{ properties: { type: { const: string } } }>).map(
      (s) => s.properties.type.const,
    );
    expect(serverTypes.sort()).toEqual(['event', 'reply']);
    expect(schema.errorCodes).toEqual(ErrorCode.options);
    expect(schema.settings).toMatchObject({
      type: 'object',
      properties: { theme: { enum: ['system', 'light', 'dark'] } },
    });
  });

  it('describes params as a client writes them: defaulted fields are optional', () => {
    const send = schema.invoke['chat/send']!.params as { required: string[] };
    expect(send.required).toEqual(expect.arrayContaining(['sessionId', 'text']));
    expect(send.required).not.toContain('attachments');
  });

  it('lists the UI methods of each plugin contract, which are exactly the methods the plugins implement', () => {
    // Only the method names are read: the services behind them are never called.
    const memoryMethods = Object.keys(createMemoryRpc({} as MemoryService)).sort();
    const plannerMethods = Object.keys(createPlannerRpc({} as SessionPlanner, {} as PlannerEnv)).sort();
    expect(Object.keys(memoryUi.methods).sort()).toEqual(memoryMethods);
    expect(Object.keys(plannerUi.methods).sort()).toEqual(plannerMethods);
    expect(Object.keys(schema.pluginMethods.memory!).sort()).toEqual(memoryMethods);
    expect(Object.keys(schema.pluginMethods.planner!).sort()).toEqual(plannerMethods);
  });
});
