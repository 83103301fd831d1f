"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { borderFor, inputClasses } from "@/components/ui/field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

/** One control of a row, wired to the row's errors. */
export interface RowCell {
  /** The column's key ("name", "value"…): the control's id ends with it. */
  key: string;
  /** The control's accessible name, e.g. "Name of variable 2". */
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: string[];
  maxLength?: number;
  placeholder?: string;
  type?: "text" | "password";
  mono?: boolean;
  className?: string;
}

export interface StepRowsProps {
  id: string;
  legend: string;
  hint?: ReactNode;
  /** Problems of the list as a whole ("at most 100 …"). */
  errors: string[];
  rows: number;
  max: number;
  /** The add button's text, e.g. "Add a variable". */
  addLabel: string;
  onAdd: () => void;
  onRemove: (index: number) => void;
  /** The remove button's accessible name, e.g. "Remove variable DATABASE_URL". */
  removeLabel: (index: number) => string;
  /** The row's text controls, and anything else it holds (a checkbox). */
  cells: (index: number) => { inputs: RowCell[]; extra?: ReactNode };
  /** What the list says when it has no rows. */
  empty: string;
  /** Rows that must stay (argv's program): no remove button. */
  fixedRows?: number;
}

/**
 * A list of rows edited in place (environment variables, headers, arguments): each row's controls, a remove
 * button, and an add button; after adding, the new row's first control has the focus, after removing the row
 * that took its place (or the add button). Row errors sit under their row, described by its controls.
 */
export function StepRows({ id, legend, hint, errors, rows, max, addLabel, onAdd, onRemove, removeLabel, cells, empty, fixedRows = 0 }: StepRowsProps) {
  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusRow = useRef<number | null>(null);

  useEffect(() => {
    const index = focusRow.current;
    if (index === null) return;
    focusRow.current = null;
    const row = list.current?.children.item(index);
    const control = row?.querySelector<HTMLElement>("input, select, textarea");
    (control ?? addButton.current)?.focus();
  }, [rows]);

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;

  return (
    <fieldset className="flex min-w-0 flex-col gap-1.5" aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}>
      <legend className="text-sm font-medium">
        {legend} <span className="font-normal text-muted">({rows === 0 ? "none" : rows})</span>
      </legend>
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {rows === 0 ? <p className="text-sm text-muted">{empty}</p> : null}
      <ol ref={list} className="flex flex-col gap-2">
        {Array.from({ length: rows }, (_, index) => {
          const { inputs, extra } = cells(index);
          const rowErrors = inputs.flatMap((cell) => cell.errors);
          const rowErrorId = `${id}-${index}-error`;
          return (
            <li key={index} className="flex flex-col gap-1">
              <div className="flex flex-wrap items-center gap-2">
                {inputs.map((cell) => (
                  <input
                    key={cell.key}
                    id={`${id}-${index}-${cell.key}`}
                    type={cell.type ?? "text"}
                    aria-label={cell.label}
                    aria-invalid={cell.errors.length > 0 ? true : undefined}
                    aria-describedby={cell.errors.length > 0 ? rowErrorId : undefined}
                    value={cell.value}
                    maxLength={cell.maxLength}
                    placeholder={cell.placeholder}
                    autoComplete="off"
                    spellCheck={false}
                    autoCapitalize="off"
                    onChange={(e) => cell.onChange(e.currentTarget.value)}
                    className={cn(inputClasses, borderFor(cell.errors.length > 0), "flex-1 basis-40", cell.mono && "font-mono text-xs", cell.className)}
                  />
                ))}
                {extra}
                {index >= fixedRows ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={removeLabel(index)}
                    onClick={() => {
                      focusRow.current = index < rows - 1 ? index : index - 1 >= 0 ? index - 1 : rows;
                      onRemove(index);
                    }}
                  >
                    <TrashIcon aria-hidden />
                  </Button>
                ) : null}
              </div>
              {rowErrors.length > 0 ? (
                <p id={rowErrorId} className="text-sm text-danger-text">
                  {rowErrors.join(" ")}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div>
        <Button
          ref={addButton}
          size="sm"
          variant="secondary"
          aria-disabled={rows >= max || undefined}
          onClick={() => {
            if (rows >= max) return;
            focusRow.current = rows;
            onAdd();
          }}
        >
          <PlusIcon aria-hidden /> {addLabel}
        </Button>
      </div>
      {errorId ? (
        <p id={errorId} className="text-sm text-danger-text">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
