// The local-server probe list (defaults, the DESKPILOT_LOCAL_SERVERS override and its errors) and listModels against
// the fake model server.
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOCAL_SERVERS,
  listModels,
  localServersToProbe,
  probeLocalServers,
} from '../../../../main/core/models/modelList';
import { startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('localServersToProbe', () => {
  it('probes Ollama on 11434 and LM Studio on 1234 unless overridden', () => {
    expect(localServersToProbe({})).toBe(LOCAL_SERVERS);
    expect(LOCAL_SERVERS.map((s) => s.baseUrl)).toEqual(['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1']);
  });

  it('reads named and bare base URLs from DESKPILOT_LOCAL_SERVERS', () => {
    expect(
      localServersToProbe({ DESKPILOT_LOCAL_SERVERS: 'Ollama=http://127.0.0.1:5000/v1/, http://127.0.0.1:6000/v1' }),
    ).toEqual([
      { name: 'Ollama', baseUrl: 'http://127.0.0.1:5000/v1' },
      { name: '127.0.0.1:6000', baseUrl: 'http://127.0.0.1:6000/v1' },
    ]);
  });

  it('names a bad entry and the expected form', () => {
    expect(() => localServersToProbe({ DESKPILOT_LOCAL_SERVERS: 'Ollama=localhost:11434' })).toThrow(
      /DESKPILOT_LOCAL_SERVERS: "Ollama=localhost:11434" is not an http\(s\) URL; give comma-separated base URLs/,
    );
  });
});

describe('probeLocalServers', () => {
  it('lists the models of a server that answers and marks one that does not', async () => {
    server = await startFakeModelServer({ requireAuth: false, models: ['qwen3:8b'] });
    const found = await probeLocalServers([
      { name: 'Fake', baseUrl: server.url },
      { name: 'Nothing', baseUrl: 'http://127.0.0.1:9/v1' },
    ]);
    expect(found).toEqual([
      { name: 'Fake', baseUrl: server.url, reachable: true, models: ['qwen3:8b'] },
      { name: 'Nothing', baseUrl: 'http://127.0.0.1:9/v1', reachable: false, models: [] },
    ]);
  });

  it('listModels reports a rejected key with its status', async () => {
    server = await startFakeModelServer({ apiKey: 'sk-right-key-1234', models: ['gpt-5-mini'] });
    expect(await listModels(server.url, 'sk-wrong-key-0000')).toMatchObject({ ok: false, status: 401 });
    expect(await listModels(server.url, 'sk-right-key-1234')).toEqual({ ok: true, models: ['gpt-5-mini'] });
  });
});
