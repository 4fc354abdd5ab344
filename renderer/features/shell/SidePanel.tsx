// The toggleable right-hand panel; hosts tabs (Context, Plan, Memory; more can register here).
import type { ComponentType } from 'react';
import { useUi, type SidePanelTab } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { ContextPanel } from '../context/ContextPanel';
import { MemoryPanel } from '../memory/MemoryPanel';
import { PlanPanel } from '../planner/PlanPanel';

/** Registry of side panel tabs: label and component. Adding a feature tab = one entry here plus its SidePanelTab value. */
const tabs: Record<SidePanelTab, { label: string; Component: ComponentType }> = {
  context: { label: 'Context', Component: ContextPanel },
  plan: { label: 'Plan', Component: PlanPanel },
  memory: { label: 'Memory', Component: MemoryPanel },
};

/** The side panel (renders nothing while closed). */
export function SidePanel() {
  const tab = useUi((s) => s.sidePanel);
  const toggle = useUi((s) => s.toggleSidePanel);
  if (!tab) return null;
  const entries = Object.entries(tabs) as [SidePanelTab, (typeof tabs)[SidePanelTab]][];
  const { Component } = tabs[tab];
  return (
    <aside className="side-panel" aria-label="Side panel">
      <header className="panel-head">
        <div role="tablist" aria-label="Side panel tabs" className="tabs">
          {entries.map(([id, t]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={id === tab}
              className="tab"
              onClick={() => id !== tab && toggle(id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <button type="button" className="icon-button" aria-label="Close side panel" onClick={() => toggle(tab)}>
          <Icon name="x" />
        </button>
      </header>
      <div className="panel-body" role="tabpanel">
        <Component />
      </div>
    </aside>
  );
}
