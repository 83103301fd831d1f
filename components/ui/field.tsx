import { useId, useState, type ReactNode } from "react";
import { cn } from "@/lib/utils";

export const inputClasses =
  "h-9 w-full min-w-0 rounded-md border bg-surface px-3 text-sm text-foreground shadow-xs placeholder:text-muted/80";
export const textareaClasses =
  "block w-full min-w-0 rounded-md border bg-surface px-3 py-2 text-sm leading-relaxed text-foreground shadow-xs placeholder:text-muted/80";
export const selectClasses = cn(inputClasses, "cursor-pointer px-2");

export function borderFor(invalid: boolean): string {
  return invalid ? "border-danger" : "border-border-strong";
}

/** What a field's control spreads onto itself to be described by the hint and errors. */
interface FieldControlProps {
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  optional?: boolean;
  hint?: ReactNode;
  errors?: string[];
  /** A live character count (for a textarea): shown beside the hint, which then sits on the same line. */
  count?: { length: number; max: number };
  /** Hide the label visually (it stays the control's accessible name). */
  labelHidden?: boolean;
  className?: string;
  children: (props: FieldControlProps) => ReactNode;
}

/** A label, its control, an optional hint and the field's error messages, wired with aria-describedby. */
export function Field({ id, label, optional = false, hint, errors, count, labelHidden = false, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const countId = count ? `${id}-count` : undefined;
  const describedBy = [errorId, countId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className={cn("text-sm font-medium", labelHidden && "sr-only")}>
        {label}
        {optional ? <span className="font-normal text-muted"> (optional)</span> : null}
      </label>
      {children({ "aria-describedby": describedBy, "aria-invalid": errorId ? true : undefined })}
      {count ? (
        <div className="flex items-start justify-between gap-3 text-xs text-muted">
          <span id={hintId}>{hint}</span>
          <span id={countId} className="shrink-0 tabular-nums">
            {count.length.toLocaleString("en-GB")} / {count.max.toLocaleString("en-GB")}
          </span>
        </div>
      ) : hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm text-danger-text">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps {
  name: string;
  label: string;
  errors?: string[];
  required?: boolean;
  maxLength: number;
  defaultValue?: string;
  placeholder?: string;
  type?: "text" | "url" | "date";
}

/** A labelled one-line input and its errors, for forms that read their values on submit. */
export function TextField({ name, label, errors, required = false, maxLength, defaultValue = "", placeholder, type = "text" }: TextFieldProps) {
  const id = useId();
  return (
    <Field id={id} label={label} optional={!required} errors={errors}>
      {(aria) => (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue}
          maxLength={maxLength}
          required={required}
          placeholder={placeholder}
          className={cn(inputClasses, borderFor(!!aria["aria-invalid"]))}
          {...aria}
        />
      )}
    </Field>
  );
}

export interface TextAreaFieldProps extends Omit<TextFieldProps, "type"> {
  hint?: string;
  rows?: number;
  autoFocus?: boolean;
}

/** A labelled textarea with a live character count and its errors, for forms that read their values on submit. */
export function TextAreaField({ name, label, errors, required = false, maxLength, defaultValue = "", placeholder, hint, rows = 4, autoFocus }: TextAreaFieldProps) {
  const id = useId();
  const [length, setLength] = useState(defaultValue.length);
  return (
    <Field id={id} label={label} optional={!required} hint={hint} errors={errors} count={{ length, max: maxLength }}>
      {(aria) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          maxLength={maxLength}
          required={required}
          placeholder={placeholder}
          autoFocus={autoFocus}
          onChange={(event) => setLength(event.currentTarget.value.length)}
          className={cn(textareaClasses, borderFor(!!aria["aria-invalid"]), "resize-y")}
          {...aria}
        />
      )}
    </Field>
  );
}

/**
 * A form's field errors and message. `showFailure` shows a failed action's (adding any `_form` errors to the message)
 * and focuses the first invalid field in `order`; `clearError` drops a field's error once it is edited.
 */
export function useFormErrors<F extends string>(ids: Record<F, string>, order: readonly F[]) {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);

  function clearError(field: F) {
    if (!fieldErrors[field]) return;
    setFieldErrors(({ [field]: _cleared, ...rest }) => rest);
  }

  function showFailure(result: { message: string; fieldErrors?: Record<string, string[]> }) {
    const errors = result.fieldErrors ?? {};
    setFieldErrors(errors);
    const formErrors = errors._form?.join(" ");
    setMessage(formErrors ? `${result.message} ${formErrors}` : result.message);
    const firstInvalid = order.find((field) => errors[field]?.length);
    if (firstInvalid) document.getElementById(ids[firstInvalid])?.focus();
  }

  return { fieldErrors, setFieldErrors, message, setMessage, clearError, showFailure };
}
