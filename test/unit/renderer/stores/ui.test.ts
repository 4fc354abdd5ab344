// Tests for side-panel state (renderer/stores/ui.ts): automatic opening respects a panel the user closed.
import { beforeEach, describe, expect, it } from 'vitest';
import { useUi } from '../../../../renderer/stores/ui';

describe('side panel', () => {
  beforeEach(() => useUi.setState({ sidePanel: null, sidePanelClosedByUser: false }));

  it('opens a tab automatically while the user has not closed the panel', () => {
    expect(useUi.getState().autoOpenSidePanel('plan')).toBe(true);
    expect(useUi.getState().sidePanel).toBe('plan');
  });

  it('stays closed after the user closed it, until the user opens it again', () => {
    const ui = useUi.getState();
    ui.toggleSidePanel('context');
    ui.toggleSidePanel('context');
    expect(useUi.getState()).toMatchObject({ sidePanel: null, sidePanelClosedByUser: true });
    expect(useUi.getState().autoOpenSidePanel('plan')).toBe(false);
    expect(useUi.getState().sidePanel).toBeNull();
    ui.toggleSidePanel('memory');
    expect(useUi.getState().autoOpenSidePanel('plan')).toBe(true);
    expect(useUi.getState().sidePanel).toBe('plan');
  });
});
