"use client";

import { useState, type DragEvent, type KeyboardEvent, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { borderFor, Field, inputClasses, SelectField, selectClasses, textareaClasses } from "@/components/ui/field";
import { ChevronDownIcon, ChevronUpIcon, CopyIcon, GripIcon, TrashIcon } from "@/components/ui/icons";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { fieldProblems, type SortedProblems } from "@/lib/deploys/pipeline-problems";
import {
  APPROVER_ROLES,
  argvOf,
  envRowsOf,
  hasSavedSecret,
  headerRowsOf,
  replaceRow,
  secretValueSent,
  secretValueShown,
  stepKindLabels,
  withProbeCheck,
  withShellMode,
  type EnvRow,
  type HeaderRow,
  type StepDraft,
  type StepKindName,
} from "@/lib/deploys/step-drafts";
import { isStepPurpose, STEP_PURPOSES, stepPurposeHints, stepPurposeLabels } from "@/lib/deploys/step-purpose";
import { cn } from "@/lib/utils";
import { StepRows, type RowCell } from "./step-rows";

export interface PipelineStepCardProps {
  /** Unique on the page (two editors share it): the editor's id. */
  idPrefix: string;
  step: StepDraft;
  index: number;
  count: number;
  problems: SortedProblems;
  onChange: (step: StepDraft) => void;
  /** Moves the step to `to`; `focus` names the control to focus afterwards (a button, or the step itself). */
  onMove: (to: number, focus: string) => void;
  onDuplicate: () => void;
  onRemove: () => void;
  /** Native drag and drop: the step being dragged, and where it is dropped. */
  onDragStart: () => void;
  onDrop: () => void;
  dragging: boolean;
}

const roleLabels: Record<(typeof APPROVER_ROLES)[number], string> = {
  ENGINEERING_LEAD: "Engineering leads",
  RELEASE_MANAGER: "Release managers",
  ADMIN: "Admins",
};

const str = (value: unknown) => (typeof value === "string" ? value : "");
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? String(value) : "");

/** One step of the form: its name, the idempotent switch, its kind's fields and the list controls. */
export function PipelineStepCard({ idPrefix, step, index, count, problems, onChange, onMove, onDuplicate, onRemove, onDragStart, onDrop, dragging }: PipelineStepCardProps) {
  const [confirming, setConfirming] = useState(false);
  const [dropTarget, setDropTarget] = useState(false);
  const base = `${idPrefix}-${step.key}`;
  const errorsOf = (field: string) => fieldProblems(problems, index, field);
  const stepLevel = (problems.byStep.get(index) ?? []).filter((p) => p.field === null || !knownField(step.kind, p.field)).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  const label = step.name.trim() || `step ${index + 1}`;

  const setConfig = (key: string, value: unknown) => {
    const config = { ...step.config };
    if (value === undefined) delete config[key];
    else config[key] = value;
    onChange({ ...step, config });
  };
  const textValue = (key: string, optional: boolean) => (value: string) => setConfig(key, optional && value === "" ? undefined : value);
  const numberValue = (key: string) => (value: string) => setConfig(key, value.trim() === "" ? undefined : Number(value));

  const text = (key: string, title: string, opts: { optional?: boolean; hint?: string; multiline?: boolean; mono?: boolean; placeholder?: string } = {}) => {
    const id = `${base}-${key}`;
    const errors = errorsOf(`config.${key}`);
    return (
      <Field id={id} label={title} optional={opts.optional} hint={opts.hint} errors={errors}>
        {(aria) =>
          opts.multiline ? (
            <textarea
              id={id}
              {...aria}
              value={str(step.config[key])}
              onChange={(e) => textValue(key, opts.optional ?? false)(e.currentTarget.value)}
              rows={3}
              spellCheck={false}
              placeholder={opts.placeholder}
              className={cn(textareaClasses, borderFor(errors.length > 0), opts.mono && "font-mono text-xs")}
            />
          ) : (
            <input
              id={id}
              {...aria}
              value={str(step.config[key])}
              onChange={(e) => textValue(key, opts.optional ?? false)(e.currentTarget.value)}
              spellCheck={false}
              placeholder={opts.placeholder}
              className={cn(inputClasses, borderFor(errors.length > 0), opts.mono && "font-mono text-xs")}
            />
          )
        }
      </Field>
    );
  };
  const number = (key: string, title: string, hint?: string) => {
    const id = `${base}-${key}`;
    const errors = errorsOf(`config.${key}`);
    return (
      <Field id={id} label={title} hint={hint} errors={errors}>
        {(aria) => (
          <input
            id={id}
            {...aria}
            type="number"
            inputMode="numeric"
            value={num(step.config[key])}
            onChange={(e) => numberValue(key)(e.currentTarget.value)}
            className={cn(inputClasses, borderFor(errors.length > 0), "max-w-40")}
          />
        )}
      </Field>
    );
  };

  // Errors of a list itself ("at most 100…"), not of one of its rows.
  const listErrors = (field: string) => (problems.byStep.get(index) ?? []).filter((p) => p.field === field).map((p) => p.message);

  // A list of name = value rows (env, headers): `own` sets what differs per row (placeholders, a secret's value).
  function nameValueRows<R extends { name: string; value: string }>(opts: {
    list: "env" | "headers";
    what: string;
    legend: string;
    hint: string;
    max: number;
    rows: R[];
    valueChars: number;
    own: (row: R, i: number) => { name?: Partial<RowCell>; value?: Partial<RowCell>; extra?: ReactNode };
  }) {
    const { list, what, rows } = opts;
    const set = (next: R[]) => setConfig(list, next);
    return (
      <StepRows
        id={`${base}-${list}`}
        legend={opts.legend}
        hint={opts.hint}
        errors={listErrors(`config.${list}`)}
        rows={rows.length}
        max={opts.max}
        addLabel={`Add a ${what}`}
        empty={`No ${what}s of its own.`}
        onAdd={() => set([...rows, { name: "", value: "" } as R])}
        onRemove={(i) => set(replaceRow(rows, i, null))}
        removeLabel={(i) => `Remove ${what} ${rows[i]?.name || i + 1}`}
        cells={(i) => {
          const row = rows[i]!;
          const update = (patch: Partial<R>) => set(replaceRow(rows, i, { ...row, ...patch }));
          const own = opts.own(row, i);
          return {
            inputs: [
              { key: "name", label: `Name of ${what} ${i + 1}`, value: row.name, mono: true, onChange: (name) => update({ name } as Partial<R>), errors: errorsOf(`config.${list}.${i}.name`), ...own.name },
              {
                key: "value",
                label: `Value of ${what} ${i + 1}`,
                value: row.value,
                mono: true,
                maxLength: opts.valueChars,
                onChange: (value) => update({ value } as Partial<R>),
                errors: errorsOf(`config.${list}.${i}.value`),
                ...own.value,
              },
            ],
            extra: own.extra,
          };
        }}
      />
    );
  }

  const env = envRowsOf(step.config);
  const envRows = nameValueRows<EnvRow>({
    list: "env",
    what: "variable",
    legend: "Environment variables",
    hint: "Set for the command. Mark a value secret to keep it out of logs and of this page once saved; or use ${secret:NAME} in a value.",
    max: DEPLOY_LIMITS.envVars,
    valueChars: DEPLOY_LIMITS.envValueChars,
    rows: env,
    own: (row, i) => {
      const saved = hasSavedSecret(row);
      const set = (next: EnvRow) => setConfig("env", replaceRow(env, i, next));
      return {
        name: { placeholder: "NAME" },
        value: {
          label: `Value of variable ${i + 1}${saved ? " (secret, saved: type to replace it)" : ""}`,
          value: row.secret ? secretValueShown(row.value) : row.value,
          type: row.secret ? "password" : "text",
          placeholder: saved ? "•••• saved" : "value",
          onChange: (value) => set({ ...row, value: row.secret ? secretValueSent(value) : value }),
        },
        extra: (
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={row.secret === true}
              // A saved secret's value never reached the browser: making it plain asks for the value again.
              onChange={(e) => set(e.currentTarget.checked ? { ...row, secret: true } : { name: row.name, value: saved ? "" : row.value })}
              aria-label={`Variable ${i + 1} is secret`}
              className="size-4 accent-primary"
            />
            Secret
          </label>
        ),
      };
    },
  });

  const argv = argvOf(step.config);
  const setArgv = (list: string[]) => setConfig("argv", list);
  const argvRows = argv ? (
    <StepRows
      id={`${base}-argv`}
      legend="Program and arguments"
      hint="Run directly, without a shell: each argument is passed as it is (variables are filled in)."
      errors={listErrors("config.argv")}
      rows={argv.length}
      max={DEPLOY_LIMITS.argvItems}
      fixedRows={1}
      addLabel="Add an argument"
      empty="No program yet."
      onAdd={() => setArgv([...argv, ""])}
      onRemove={(i) => setArgv(replaceRow(argv, i, null))}
      removeLabel={(i) => `Remove argument ${i}`}
      cells={(i) => ({
        inputs: [
          {
            key: "value",
            label: i === 0 ? "Program" : `Argument ${i}`,
            value: argv[i] ?? "",
            placeholder: i === 0 ? "/usr/bin/deploy" : "--flag",
            maxLength: DEPLOY_LIMITS.argvItemChars,
            mono: true,
            onChange: (value) => setArgv(replaceRow(argv, i, value)),
            errors: errorsOf(`config.argv.${i}`),
          },
        ],
      })}
    />
  ) : null;

  const headerRows = nameValueRows<HeaderRow>({
    list: "headers",
    what: "header",
    legend: "Headers",
    hint: "Use ${secret:NAME} for a token: its value is never shown here, and is masked in logs.",
    max: DEPLOY_LIMITS.headers,
    valueChars: DEPLOY_LIMITS.headerValueChars,
    rows: headerRowsOf(step.config),
    own: () => ({ name: { placeholder: "Authorization" }, value: { placeholder: "Bearer ${secret:TOKEN}" } }),
  });

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const target = event.target instanceof HTMLElement && event.target.id ? event.target.id : `${base}-card`;
    onMove(index + (event.key === "ArrowUp" ? -1 : 1), target);
  }

  return (
    <li
      id={`${base}-card`}
      tabIndex={-1}
      aria-label={`Step ${index + 1} of ${count}: ${label}`}
      onKeyDown={onKeyDown}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setDropTarget(true);
      }}
      onDragLeave={() => setDropTarget(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setDropTarget(false);
        onDrop();
      }}
      className={cn(
        "flex flex-col gap-3 rounded-lg border border-border bg-surface p-3 sm:p-4",
        dragging && "opacity-60",
        dropTarget && !dragging && "border-primary ring-2 ring-primary/30",
        stepLevel.length > 0 || (problems.byStep.get(index)?.length ?? 0) > 0 ? "border-danger/60" : null,
      )}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = "move";
            e.dataTransfer.setData("text/plain", String(index));
            onDragStart();
          }}
          title="Drag to reorder (or Alt+↑ / Alt+↓)"
          className="cursor-grab text-muted active:cursor-grabbing"
        >
          <GripIcon aria-hidden />
        </span>
        <span className="text-sm font-semibold tabular-nums">Step {index + 1}</span>
        <Badge>{stepKindLabels[step.kind as StepKindName] ?? step.kind}</Badge>
        <div className="ml-auto flex flex-wrap items-center gap-1">
          <Button size="sm" variant="ghost" id={`${base}-up`} aria-label={`Move ${label} up`} aria-disabled={index === 0} onClick={() => onMove(index - 1, `${base}-up`)}>
            <ChevronUpIcon aria-hidden />
          </Button>
          <Button
            size="sm"
            variant="ghost"
            id={`${base}-down`}
            aria-label={`Move ${label} down`}
            aria-disabled={index === count - 1}
            onClick={() => onMove(index + 1, `${base}-down`)}
          >
            <ChevronDownIcon aria-hidden />
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Duplicate ${label}`} onClick={onDuplicate}>
            <CopyIcon aria-hidden />
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Remove ${label}`} onClick={() => setConfirming(true)}>
            <TrashIcon aria-hidden />
          </Button>
        </div>
      </div>
      {confirming ? (
        <div role="group" aria-label={`Remove ${label}?`} className="flex flex-wrap items-center gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
          <span>Remove {label}? It goes when you save.</span>
          <Button size="sm" variant="danger" onClick={onRemove} autoFocus>
            Remove step
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      ) : null}
      {stepLevel.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-danger-text">
          {stepLevel.map((message, i) => (
            <li key={i} className="[overflow-wrap:anywhere]">
              {message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${base}-name`} label="Name" errors={errorsOf("name")}>
          {(aria) => (
            <input
              id={`${base}-name`}
              {...aria}
              value={step.name}
              maxLength={DEPLOY_LIMITS.stepNameChars}
              onChange={(e) => onChange({ ...step, name: e.currentTarget.value })}
              className={cn(inputClasses, borderFor(errorsOf("name").length > 0))}
            />
          )}
        </Field>
        <div className="flex flex-col gap-1.5">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              role="switch"
              checked={step.idempotent}
              onChange={(e) => onChange({ ...step, idempotent: e.currentTarget.checked })}
              aria-describedby={`${base}-idempotent-hint`}
              className="size-4 accent-primary"
            />
            Safe to run twice (idempotent)
          </label>
          <p id={`${base}-idempotent-hint`} className="text-xs text-muted">
            If a deploy is interrupted here, an idempotent step is simply run again; any other step waits for a person to decide.
          </p>
        </div>
        {step.kind === "SHELL" || step.kind === "HTTP" ? (
          <SelectField
            id={`${base}-purpose`}
            label="Purpose"
            optional
            value={step.purpose}
            onChange={(e) => onChange({ ...step, purpose: e.currentTarget.value })}
            errors={errorsOf("purpose")}
            hint={isStepPurpose(step.purpose) ? stepPurposeHints[step.purpose] : "Mark a backup, migration or downgrade step: a rollback checks and plans with it."}
          >
            <option value="">None</option>
            {STEP_PURPOSES.map((purpose) => (
              <option key={purpose} value={purpose}>
                {stepPurposeLabels[purpose]}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>

      {step.kind === "SHELL" ? (
        <div className="grid gap-3">
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <legend className="sr-only">How {label} runs</legend>
            {(
              [
                ["command", "Through a shell (sh -c)"],
                ["argv", "As a program and its arguments, no shell"],
              ] as const
            ).map(([mode, title]) => (
              <label key={mode} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${base}-mode`}
                  checked={(argv ? "argv" : "command") === mode}
                  onChange={() => onChange({ ...step, config: withShellMode(step.config, mode) })}
                  className="size-4 accent-primary"
                />
                {title}
              </label>
            ))}
          </fieldset>
          {argv
            ? argvRows
            : text("command", "Command", { multiline: true, mono: true, hint: "Run with sh -c. Use ${VERSION}, ${PREVIOUS_VERSION}, ${PROJECT}, project variables; secrets only through environment values." })}
          {envRows}
          <div className="grid gap-3 sm:grid-cols-2">
            {text("cwd", "Working directory", { optional: true, mono: true })}
            {number("timeoutSeconds", "Timeout (seconds)")}
          </div>
        </div>
      ) : null}
      {step.kind === "HTTP" ? (
        <div className="grid gap-3">
          <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
            <Field id={`${base}-method`} label="Method" errors={errorsOf("config.method")}>
              {(aria) => (
                <select
                  id={`${base}-method`}
                  {...aria}
                  value={str(step.config.method) || "GET"}
                  onChange={(e) => setConfig("method", e.currentTarget.value)}
                  className={cn(selectClasses, "border-border-strong")}
                >
                  {["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              )}
            </Field>
            {text("url", "URL", { mono: true, placeholder: "https://… or ${PREFLIGHT_URL}/…" })}
          </div>
          {headerRows}
          {text("body", "Body", { optional: true, multiline: true, mono: true })}
          <div className="grid gap-3 sm:grid-cols-3">
            {number("expectStatus", "Expected status")}
            {number("retries", "Retries")}
            {number("timeoutSeconds", "Timeout (seconds)")}
          </div>
        </div>
      ) : null}
      {step.kind === "WAIT" ? number("seconds", "Wait (seconds)", "People can skip the wait.") : null}
      {step.kind === "APPROVAL" ? (
        <div className="grid gap-3">
          {text("instructions", "What to check before approving", { optional: true, multiline: true })}
          <fieldset className="flex flex-col gap-1.5" aria-describedby={errorsOf("config.approverRoles").length ? `${base}-roles-error` : undefined}>
            <legend className="text-sm font-medium">Who may approve</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {APPROVER_ROLES.map((role) => {
                const roles = Array.isArray(step.config.approverRoles) ? (step.config.approverRoles as string[]) : ["RELEASE_MANAGER", "ADMIN"];
                return (
                  <label key={role} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={roles.includes(role)}
                      onChange={(e) => setConfig("approverRoles", e.currentTarget.checked ? APPROVER_ROLES.filter((r) => r === role || roles.includes(r)) : roles.filter((r) => r !== role))}
                      className="size-4 accent-primary"
                    />
                    {roleLabels[role]}
                  </label>
                );
              })}
            </div>
            {errorsOf("config.approverRoles").length ? (
              <p id={`${base}-roles-error`} className="text-sm text-danger-text">
                {errorsOf("config.approverRoles").join(" ")}
              </p>
            ) : null}
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={step.config.fourEyes !== false} onChange={(e) => setConfig("fourEyes", e.currentTarget.checked)} className="size-4 accent-primary" />
            Four eyes: whoever started the deploy may not approve it
          </label>
        </div>
      ) : null}
      {step.kind === "FLAG" ? (
        <div className="grid gap-3">
          <div className="grid gap-3 sm:grid-cols-2">
            {text("flagKey", "Flag key", { mono: true })}
            <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
              <input type="checkbox" checked={step.config.enabled === true} onChange={(e) => setConfig("enabled", e.currentTarget.checked)} className="size-4 accent-primary" />
              Enable the flag (off: disable it)
            </label>
          </div>
          {text("applyCommand", "Apply with a command", { optional: true, mono: true, hint: "$FLAG_KEY and $FLAG_ENABLED are set while it runs." })}
          {text("applyUrl", "Or apply with a call to", { optional: true, mono: true })}
        </div>
      ) : null}
      {step.kind === "NOTIFY" ? (
        <div className="grid gap-3">
          {text("url", "Webhook URL", { mono: true, hint: "Usually a secret: ${secret:SLACK_WEBHOOK}. Its value is never shown here." })}
          {text("message", "Message", { multiline: true })}
        </div>
      ) : null}
      {step.kind === "PROBE" ? (
        <div className="grid gap-3">
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <legend className="sr-only">What {label} checks</legend>
            {(
              [
                ["PROMETHEUS", "A Prometheus query"],
                ["HTTP", "An HTTP check"],
              ] as const
            ).map(([check, title]) => (
              <label key={check} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${base}-check`}
                  checked={(str(step.config.check) || "HTTP") === check}
                  onChange={() => onChange({ ...step, config: withProbeCheck(step.config, check) })}
                  className="size-4 accent-primary"
                />
                {title}
              </label>
            ))}
          </fieldset>
          {step.config.check === "PROMETHEUS" ? (
            <>
              {text("url", "Prometheus URL", { mono: true, placeholder: "http://prometheus:9090", hint: "Its HTTP API: /api/v1/query is added." })}
              {text("query", "Query (PromQL)", { multiline: true, mono: true, placeholder: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))' })}
              <div className="grid gap-3 sm:grid-cols-3">
                {text("condition", "Condition", { mono: true, placeholder: "value <= 0.05", hint: "value <= 0.05, or current <= 1.2 * baseline" })}
                {text("baselineOffset", "Baseline: the same query", { optional: true, mono: true, placeholder: "1d", hint: "This long ago (30s, 1h, 1d)." })}
                {text("label", "Called", { optional: true, placeholder: "error rate" })}
              </div>
            </>
          ) : (
            <>
              {text("url", "URL", { mono: true, placeholder: "${PREFLIGHT_URL}/api/health" })}
              <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
                {number("expectStatus", "Expected status")}
                {text("jsonCondition", "JSON condition", { optional: true, mono: true, placeholder: '$.status == "ok"' })}
              </div>
            </>
          )}
          <div className="grid gap-3 sm:grid-cols-4">
            {number("intervalSeconds", "Every (seconds)")}
            {number("durationSeconds", "For (seconds)", "0: one check.")}
            {number("failAfter", "Fail after", "Failed checks in a row.")}
            {number("timeoutSeconds", "Timeout (seconds)")}
          </div>
        </div>
      ) : null}
      {hiddenSettings(step).length > 0 ? (
        <p className="text-xs text-muted">
          Also set: {hiddenSettings(step).join(", ")} (kept as they are; edit them in the YAML tab).
        </p>
      ) : null}
    </li>
  );
}

const formFields: Record<string, string[]> = {
  SHELL: ["command", "argv", "env", "cwd", "timeoutSeconds"],
  HTTP: ["method", "url", "headers", "body", "expectStatus", "retries", "timeoutSeconds"],
  WAIT: ["seconds"],
  APPROVAL: ["instructions", "approverRoles", "fourEyes"],
  FLAG: ["flagKey", "enabled", "applyCommand", "applyUrl"],
  NOTIFY: ["url", "message"],
  PROBE: ["check", "url", "expectStatus", "jsonCondition", "query", "condition", "baselineOffset", "label", "intervalSeconds", "durationSeconds", "failAfter", "timeoutSeconds"],
};

function knownField(kind: string, field: string): boolean {
  if (field === "name" || (field === "purpose" && (kind === "SHELL" || kind === "HTTP"))) return true;
  const [head, key] = field.split(".");
  return head === "config" && key !== undefined && (formFields[kind] ?? []).includes(key);
}

/** Settings the form does not edit (environment, headers…), named so nobody is surprised they exist. */
function hiddenSettings(step: StepDraft): string[] {
  const shown = formFields[step.kind] ?? [];
  return Object.entries(step.config)
    .filter(([key, value]) => !shown.includes(key) && value !== false && !(Array.isArray(value) && value.length === 0) && !(value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0))
    .map(([key]) => key);
}
