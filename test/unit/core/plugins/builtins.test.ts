// Tests for plugins/index.ts: the built-in plugin list parses its manifests and its loaders resolve to definitions.
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../../plugins/index';

describe('builtinPlugins', () => {
  it('lists memory, planner, browser, desktop and scheduler with validated manifests', () => {
    expect(builtinPlugins.map((p) => p.manifest.id)).toEqual(['memory', 'planner', 'browser', 'desktop', 'scheduler']);
    for (const { manifest } of builtinPlugins) {
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(['startup', 'lazy']).toContain(manifest.activation);
    }
  });

  it('loads each plugin definition', async () => {
    for (const plugin of builtinPlugins) {
      const definition = await plugin.load();
      expect(typeof definition.activate, plugin.manifest.id).toBe('function');
    }
  });
});
