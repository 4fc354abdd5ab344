// The slash-command suggestion listbox shown above the composer (options are picked with the mouse or the keyboard).
import type { SlashCommand } from '../../stores/commands';

/** Props of {@link SlashMenu}; `activeIndex` is the highlighted option (announced via aria-activedescendant). */
export interface SlashMenuProps {
  id: string;
  commands: readonly SlashCommand[];
  activeIndex: number;
  onPick: (command: SlashCommand) => void;
  onHover: (index: number) => void;
}

/** Id of option `index` of the menu with id `menuId`. */
export function slashOptionId(menuId: string, index: number): string {
  return `${menuId}-opt-${index}`;
}

/** A listbox of matching slash commands. */
export function SlashMenu({ id, commands, activeIndex, onPick, onHover }: SlashMenuProps) {
  return (
    <ul id={id} role="listbox" aria-label="Slash commands" className="slash-menu">
      {commands.map((c, i) => (
        <li
          key={c.name}
          id={slashOptionId(id, i)}
          role="option"
          aria-selected={i === activeIndex}
          className={i === activeIndex ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(c);
          }}
          onMouseEnter={() => onHover(i)}
        >
          <span className="slash-name">/{c.name}</span>
          {c.usage && c.usage !== `/${c.name}` && <span className="slash-usage">{c.usage}</span>}
          <span className="slash-desc">{c.description}</span>
          {c.source !== 'builtin' && <span className="slash-source">{c.source}</span>}
        </li>
      ))}
    </ul>
  );
}
