// Chips for the files and images attached to the message being written.
import type { ComposerAttachment } from '../../stores/attachments';
import { isImage } from '../../stores/attachments';
import { Icon } from '../../ui/Icon';
import { formatBytes } from '../../ui/format';

/** A row of removable attachment chips (image thumbnails or file icons). */
export function AttachmentChips({
  items,
  onRemove,
}: {
  items: readonly ComposerAttachment[];
  onRemove: (id: string) => void;
}) {
  if (!items.length) return null;
  return (
    <ul className="chips" aria-label="Attachments">
      {items.map((a) => (
        <li key={a.id} className="chip">
          {isImage(a.mimeType) ? <img src={a.dataUrl} alt="" className="chip-thumb" /> : <Icon name="file" size={16} />}
          <span className="chip-name truncate" title={a.name}>
            {a.name}
          </span>
          <span className="muted small">{formatBytes(a.sizeBytes)}</span>
          <button type="button" className="icon-button" aria-label={`Remove ${a.name}`} onClick={() => onRemove(a.id)}>
            <Icon name="x" size={12} />
          </button>
        </li>
      ))}
    </ul>
  );
}
