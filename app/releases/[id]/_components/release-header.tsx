"use client";

import { RELEASE_LIMITS } from "@/lib/releases/limits";
import { incidentNoteOf, keyDateOf } from "@/lib/releases/outcome";
import { useId, useRef, useState, type ReactNode } from "react";
import { BreakGlassBadge } from "@/components/releases/break-glass-badge";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextareaField, TextField } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { FormDialog } from "@/components/ui/form-dialog";
import { GuardedButton } from "@/components/ui/guarded-button";
import { DownloadIcon, PencilIcon } from "@/components/ui/icons";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { formatDate, formatDateTime } from "@/lib/format";
import { editReleaseAction } from "@/lib/releases/actions";
import { releaseStatusLabels } from "@/lib/releases/rules";
import { useAnnouncer } from "./announcer";
import { lifecycleActions, type TransitionUi } from "./lifecycle";
import { failureText } from "@/components/actions/use-action";
import { transitionReleaseAction } from "@/lib/releases/actions";
import { releaseFacts, type ManagerOption, type Release, type Viewer } from "./release-data";
import { useReleaseChange } from "./use-release-mutations";

const EDITABLE_STATUSES = ["DRAFT", "PREPARING", "READY"] as const;

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-sm font-medium [overflow-wrap:anywhere] text-foreground">{children}</dd>
    </div>
  );
}

export interface ReleaseHeaderProps {
  release: Release;
  viewer: Viewer;
  managers: ManagerOption[];
}

export function ReleaseHeader({ release, viewer, managers }: ReleaseHeaderProps) {
  const facts = releaseFacts(release);
  const actions = lifecycleActions(facts, { project: release.project.name, version: release.version });
  const editPermission = can(viewer, "release.edit");
  const permissionReason = editPermission.allowed ? null : editPermission.reason;
  const editable = (EDITABLE_STATUSES as readonly string[]).includes(release.status);
  const [editOpen, setEditOpen] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // One story: a rolled-back release shows its rollback date, never "Released"; the incident note is the
  // rollback item's note (lib/releases/outcome.ts).
  const keyDate = keyDateOf(release);
  const incident = release.status === "ROLLING_BACK" || release.status === "ROLLED_BACK" ? incidentNoteOf(release.items) : null;

  return (
    <header className="flex flex-col gap-5">
      <Breadcrumbs items={[{ label: "Releases", href: "/releases" }, { label: release.project.name }, { label: release.version, className: "font-mono" }]} />

      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="flex min-w-0 flex-col gap-1.5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="min-w-0 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">
              {release.project.name} <span className="font-mono">{release.version}</span>
            </h1>
            <ReleaseStatusBadge status={release.status} data-testid="release-status" />
            {release.breakGlassAt ? <BreakGlassBadge at={release.breakGlassAt} /> : null}
          </div>
          <p className="max-w-prose text-base text-foreground [overflow-wrap:anywhere]" data-testid="release-title">
            {release.title}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2 lg:max-w-[55%] lg:justify-end">
          {actions
            .filter((action) => !action.destructive)
            .map((action) => (
              <LifecycleButton key={action.to} action={action} release={release} permissionReason={permissionReason} />
            ))}
          {editable ? (
            <GuardedButton
              ref={editButton}
              variant="secondary"
              disabledReason={permissionReason}
              onClick={() => setEditOpen(true)}
            >
              <PencilIcon />
              Edit
            </GuardedButton>
          ) : null}
          <Button asChild variant="secondary">
            <a href={`/releases/${release.id}/export`} download>
              <DownloadIcon />
              Export Markdown
            </a>
          </Button>
          {actions
            .filter((action) => action.destructive)
            .map((action) => (
              <LifecycleButton key={action.to} action={action} release={release} permissionReason={permissionReason} />
            ))}
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-border bg-surface p-4 sm:grid-cols-4">
        <Meta label="Release manager">{release.releaseManager.name}</Meta>
        <Meta label={keyDate.label}>
          {keyDate.date ? (
            <time dateTime={keyDate.date.toISOString()}>{formatDate(keyDate.date)}</time>
          ) : (
            <span className="font-normal text-muted">No date set</span>
          )}
        </Meta>
        <Meta label="Template">{release.templateName}</Meta>
        <Meta label="Created">
          {release.createdBy.name}, <time dateTime={release.createdAt.toISOString()}>{formatDate(release.createdAt)}</time>
        </Meta>
      </dl>

      {release.status === "CANCELLED" && release.cancelReason ? (
        <Callout label={`Cancelled${release.cancelledAt ? ` ${formatDateTime(release.cancelledAt)}` : ""}`}>{release.cancelReason}</Callout>
      ) : null}
      {release.closeEarlyReason ? <Callout label="Monitoring closed early">{release.closeEarlyReason}</Callout> : null}
      {incident ? <Callout label={`Incident (note on “${incident.itemTitle}”)`}>{incident.text}</Callout> : null}

      {editable ? (
        <EditReleaseDialog
          open={editOpen}
          onOpenChange={setEditOpen}
          release={release}
          managers={managers}
          onClosed={() => editButton.current?.focus()}
        />
      ) : null}
    </header>
  );
}

function Callout({ label, children }: { label: string; children: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm">
      <p className="font-medium">{label}</p>
      <p className="mt-0.5 whitespace-pre-wrap text-muted [overflow-wrap:anywhere]">{children}</p>
    </div>
  );
}

function LifecycleButton({ action, release, permissionReason }: { action: TransitionUi; release: Release; permissionReason: string | null }) {
  const transition = useReleaseChange(release.id, transitionReleaseAction);
  const { announce } = useAnnouncer();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const disabledReason = permissionReason ?? (action.verdict.allowed ? null : action.verdict.reason);

  /** Moves the release; resolves with the failure's message, or null once it moved. */
  async function move(reason: string): Promise<string | null> {
    const outcome = await transition.run({ releaseId: release.id, to: action.to, reason });
    if (!outcome.ok) return failureText(outcome);
    announce(`The release is now ${releaseStatusLabels[action.to].toLowerCase()}.`, "success");
    return null;
  }

  function run() {
    if (action.confirm) {
      setOpen(true);
      return;
    }
    if (transition.pending) return;
    void move("").then((message) => message && announce(message, "error"));
  }

  const confirm = action.confirm;
  return (
    <>
      <GuardedButton
        ref={button}
        variant={action.variant}
        className={action.destructive && !disabledReason ? "text-danger-text" : undefined}
        disabledReason={disabledReason}
        pending={transition.pending}
        onClick={run}
        data-transition={action.to}
      >
        {transition.pending ? "Working…" : action.label}
      </GuardedButton>
      {confirm ? (
        <FormDialog
          open={open}
          onOpenChange={setOpen}
          title={confirm.title}
          description={confirm.description}
          confirmLabel={confirm.confirmLabel}
          cancelLabel={confirm.cancelLabel}
          tone={confirm.tone}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            button.current?.focus();
          }}
          onSubmit={async (data) => {
            const reason = String(data.get("reason") ?? "").trim();
            if (confirm.reason === "required" && reason === "") return { reason: ["Give a reason"] };
            return move(reason);
          }}
        >
          {confirm.reason === "none"
            ? undefined
            : (errors) => (
                <TextareaField
                  counted
                  name="reason"
                  label={confirm.reasonLabel ?? "Reason"}
                  required={confirm.reason === "required"}
                  optional={confirm.reason !== "required"}
                  maxLength={RELEASE_LIMITS.transitionReasonChars}
                  errors={errors.reason}
                  rows={3}
                  autoFocus
                />
              )}
        </FormDialog>
      ) : null}
    </>
  );
}

function dateInputValue(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

function EditReleaseDialog({
  open,
  onOpenChange,
  release,
  managers,
  onClosed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  release: Release;
  managers: ManagerOption[];
  onClosed: () => void;
}) {
  const id = useId();
  const edit = useReleaseChange(release.id, editReleaseAction);
  const { announce } = useAnnouncer();
  // The current manager stays choosable even if they are no longer a manager candidate.
  const options = managers.some((m) => m.id === release.releaseManager.id) ? managers : [release.releaseManager, ...managers];

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Edit ${release.project.name} ${release.version}`}
      description={`Title, planned date and release manager can change until the release starts deploying (it is ${releaseStatusLabels[release.status].toLowerCase()}).`}
      confirmLabel="Save changes"
      onCloseAutoFocus={(event) => {
        event.preventDefault();
        onClosed();
      }}
      onSubmit={async (data) => {
        const input = {
          title: String(data.get("title") ?? "").trim(),
          plannedAt: String(data.get("plannedAt") ?? ""),
          releaseManagerId: String(data.get("releaseManagerId") ?? ""),
        };
        if (input.title === "") return { title: ["Enter a title"] };
        const unchanged =
          input.title === release.title && input.plannedAt === dateInputValue(release.plannedAt) && input.releaseManagerId === release.releaseManager.id;
        if (unchanged) return;
        const outcome = await edit.run({ releaseId: release.id, ...input });
        if (!outcome.ok) return outcome.fieldErrors && outcome.code === "invalid" ? outcome.fieldErrors : failureText(outcome);
        announce("Saved the release details.", "success");
      }}
    >
      {(errors) => (
        <div className="flex flex-col gap-4">
          <TextField name="title" label="Title" required maxLength={RELEASE_LIMITS.titleChars} defaultValue={release.title} errors={errors.title} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="plannedAt" label="Planned date" type="date" maxLength={10} defaultValue={dateInputValue(release.plannedAt)} errors={errors.plannedAt} />
            <SelectField
              id={`${id}-manager`} label="Release manager" errors={errors.releaseManagerId} name="releaseManagerId"
              defaultValue={release.releaseManager.id}
            >
              {optionsOf(options, (manager) => manager.id, (manager) => manager.name)}
            </SelectField>
          </div>
        </div>
      )}
    </FormDialog>
  );
}
