// A tool call as a card: name, risk, status, duration, pretty arguments, collapsible output, inline approval.
import { describeAllowedBy, type PendingApproval } from '../../../preload/contract';
import type { ToolStatus, ToolView } from '../../stores/chatModel';
import { Badge } from '../../ui/Badge';
import { Collapsible } from '../../ui/Collapsible';
import { Icon } from '../../ui/Icon';
import { formatBytes, formatDuration, prettyJsonString } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { ApprovalCard } from '../approval/ApprovalCard';
import { RiskBadge } from '../approval/RiskBadge';
import { TOOL_STATUS_LABEL, TOOL_STATUS_TONE } from './toolStatus';

/** Props of {@link ToolCard}: `approval` is set while the call waits for the user. */
export interface ToolCardProps {
  tool: ToolView;
  approval: PendingApproval | undefined;
  /** True when this is the only approval pending in the open chat (enables shortcuts without focus). */
  soleApproval: boolean;
}

/** One tool call card. */
export function ToolCard({ tool, approval, soleApproval }: ToolCardProps) {
  const status: ToolStatus = approval ? 'approval' : tool.status;
  const outputSize = tool.output !== undefined ? new TextEncoder().encode(tool.output).length : 0;
  const failed = status === 'error' || status === 'invalid' || status === 'timeout';
  return (
    <div className={`tool-card tool-${status}`}>
      <div className="tool-head">
        <Icon name="tool" size={14} />
        <code className="tool-name">{tool.name}</code>
        {tool.risk && !approval && <RiskBadge risk={tool.risk} />}
        <span className="tool-status">
          {status === 'running' && <Spinner label={`${tool.name} is running`} />}
          <Badge tone={TOOL_STATUS_TONE[status]}>{TOOL_STATUS_LABEL[status]}</Badge>
        </span>
        {tool.durationMs !== undefined && (
          <span className="muted small" title="How long the tool itself ran">
            {formatDuration(tool.durationMs)}
          </span>
        )}
        {tool.approvalWaitMs !== undefined && (
          <span className="muted small" title="How long the call waited for your approval">
            · waited {formatDuration(tool.approvalWaitMs)} for approval
          </span>
        )}
      </div>
      {approval ? (
        <ApprovalCard approval={approval} globalShortcuts={soleApproval} />
      ) : (
        <>
          {tool.allowedBy && tool.allowedBy.type !== 'policy' && (
            <p className="tool-allowed-by muted small" data-testid="tool-allowed-by">
              Ran without asking because of {describeAllowedBy(tool.allowedBy)}
            </p>
          )}
          {tool.arguments && tool.arguments !== '{}' && (
            <Collapsible summary="Arguments" className="tool-section">
              <pre className="json-block">{prettyJsonString(tool.arguments)}</pre>
            </Collapsible>
          )}
          {tool.output !== undefined && (
            <Collapsible
              summary={
                <>
                  Output <span className="muted small">{formatBytes(outputSize)}</span>
                </>
              }
              className="tool-section"
              defaultOpen={failed}
            >
              <pre className={`tool-output${failed ? ' is-error' : ''}`}>{tool.output || '(empty)'}</pre>
            </Collapsible>
          )}
          {tool.images?.map((src, i) => (
            <img
              key={i}
              className="tool-image"
              src={src}
              alt={`Image ${i + 1} returned by ${tool.name}`}
              loading="lazy"
            />
          ))}
        </>
      )}
    </div>
  );
}
