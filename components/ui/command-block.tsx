import { CopyButton } from "@/components/ui/copy-button";

/** A shell command in a box, with a Copy button; `label` names what is copied ("command for …"). */
export function CommandBlock({ command, label }: { command: string; label: string }) {
  return (
    <div className="min-w-0 overflow-hidden rounded-md border border-border bg-surface-muted">
      <div className="flex items-center justify-between gap-2 border-b border-border py-1 pr-1 pl-3">
        <span className="text-xs font-medium text-muted">Command</span>
        <CopyButton text={command} label={label} variant="ghost" className="h-7" />
      </div>
      {/* Focusable so keyboard users can scroll long lines sideways. */}
      <pre tabIndex={0} className="overflow-x-auto px-3 py-2.5 font-mono text-xs leading-relaxed text-foreground focus-visible:-outline-offset-2">
        <code>{command}</code>
      </pre>
    </div>
  );
}
