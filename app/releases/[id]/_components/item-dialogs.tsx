"use client";

import { useId } from "react";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { InputField, TextareaField } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { atMostChars } from "@/lib/format";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { RELEASE_LIMITS } from "@/lib/releases/limits";
import type { ItemChange } from "@/lib/releases/schemas";
import { checkboxSelector } from "./dom";
import type { Item } from "./release-data";

const EVIDENCE_PATTERN = /^https?:\/\/\S+$/i;

export interface ItemDialogState {
  kind: "note" | "untick" | "na";
  itemId: string;
  open: boolean;
  /** Changes for every opening, so the fields start from the item's current values. */
  key: number;
}

export interface ItemDialogsProps {
  state: ItemDialogState;
  item: Item;
  releaseStatus: ReleaseStatus;
  /** Whether any valid sign-off exists (unticking a required pre-release item may make them stale). */
  hasSignoffs: boolean;
  onOpenChange: (open: boolean) => void;
  /** Sends the change (optimistically: the dialog closes at once and the checklist shows it). */
  onSubmit: (change: ItemChange) => void;
}

const field = (data: FormData, name: string) => String(data.get(name) ?? "").trim();

/** The note, untick and N/A dialogs of one checklist item. Focus goes back to the item's checkbox. */
export function ItemDialogs({ state, item, releaseStatus, hasSignoffs, onOpenChange, onSubmit }: ItemDialogsProps) {
  const evidenceId = useId();
  const title = inlineMarkdownToText(item.title);
  const returnFocus = (event: Event) => {
    event.preventDefault();
    document.querySelector<HTMLElement>(checkboxSelector(item.id))?.focus();
  };
  const common = { open: state.open, onOpenChange, onCloseAutoFocus: returnFocus };

  if (state.kind === "note") {
    return (
      <FormDialog
        {...common}
        title={`Note for “${title}”`}
        description="What was checked, and a link to the evidence (a CI run, a dashboard, a ticket). Everyone on the release sees it."
        confirmLabel="Save note"
        onSubmit={(data) => {
          const note = field(data, "note");
          const evidenceUrl = field(data, "evidenceUrl");
          const errors: Record<string, string[]> = {};
          if (note.length > RELEASE_LIMITS.noteChars) errors.note = [atMostChars("A note", RELEASE_LIMITS.noteChars)];
          if (evidenceUrl !== "" && !EVIDENCE_PATTERN.test(evidenceUrl)) errors.evidenceUrl = ["Evidence must be an http(s) link, like https://ci.example.com/run/42"];
          if (Object.keys(errors).length > 0) return errors;
          if (note === (item.note ?? "") && evidenceUrl === (item.evidenceUrl ?? "")) return;
          onSubmit({ kind: "annotate", note, evidenceUrl });
        }}
      >
        {(errors) => (
          <>
            <TextareaField counted optional name="note" label="Note" maxLength={RELEASE_LIMITS.noteChars} defaultValue={item.note ?? ""} errors={errors.note} rows={5} autoFocus />
            <InputField
              id={evidenceId} label="Evidence link" optional errors={errors.evidenceUrl} name="evidenceUrl" type="url" inputMode="url"
              spellCheck={false} maxLength={RELEASE_LIMITS.evidenceUrlChars} defaultValue={item.evidenceUrl ?? ""}
              placeholder="https://ci.example.com/run/42"
            />
          </>
        )}
      </FormDialog>
    );
  }

  const reasonDialog = (props: { title: string; description: string; confirmLabel: string; kind: "untick" | "not_applicable"; tone?: "primary" | "danger"; placeholder: string }) => (
    <FormDialog
      {...common}
      title={props.title}
      description={props.description}
      confirmLabel={props.confirmLabel}
      tone={props.tone}
      onSubmit={(data) => {
        const reason = field(data, "reason");
        if (reason === "") return { reason: ["Give a reason"] };
        if (reason.length > RELEASE_LIMITS.reasonChars) return { reason: [atMostChars("A reason", RELEASE_LIMITS.reasonChars)] };
        onSubmit({ kind: props.kind, reason });
      }}
    >
      {(errors) => <TextareaField counted name="reason" label="Reason" required maxLength={RELEASE_LIMITS.reasonChars} errors={errors.reason} rows={3} placeholder={props.placeholder} autoFocus />}
    </FormDialog>
  );

  if (state.kind === "na") {
    return reasonDialog({
      title: `Mark “${title}” not applicable?`,
      description: "It counts as settled for this release. Say why it does not apply; the reason is kept with the item and in the timeline.",
      confirmLabel: "Mark not applicable",
      kind: "not_applicable",
      placeholder: "No schema changes in this release",
    });
  }

  const wasNa = item.state === "NOT_APPLICABLE";
  const consequences: string[] = [];
  if (item.required && item.phase === "PRE_RELEASE") {
    if (releaseStatus === "READY") consequences.push("The release goes back to preparing.");
    if (hasSignoffs) consequences.push("Sign-offs given while it was ticked become stale and must be renewed.");
  }
  return reasonDialog({
    title: wasNa ? `Reopen “${title}”?` : `Untick “${title}”?`,
    description: [wasNa ? "It is no longer marked not applicable and needs doing again." : "It goes back to open, and whoever ticked it is cleared.", ...consequences, "Say why: it is recorded in the timeline."].join(" "),
    confirmLabel: wasNa ? "Reopen item" : "Untick item",
    kind: "untick",
    tone: consequences.length > 0 ? "danger" : "primary",
    placeholder: "Tests failed again after the last merge",
  });
}
