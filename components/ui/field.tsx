import { useId, useState, type ComponentProps, type ReactNode } from "react";
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

/** A field's label, hint, errors and count: what the control fields below take besides the control's own props. */
type FieldChrome = Omit<FieldProps, "children" | "id" | "count"> & {
  /** The control's id; one is made when not given. */
  id?: string;
};

export type InputFieldProps = FieldChrome & Omit<ComponentProps<"input">, "id" | "className"> & { inputClassName?: string };

/** A labelled one-line input, described by its hint and errors, with the border of its state. */
export function InputField({ id, label, optional, hint, errors, labelHidden, className, inputClassName, ...input }: InputFieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  return (
    <Field id={controlId} label={label} optional={optional} hint={hint} errors={errors} labelHidden={labelHidden} className={className}>
      {(aria) => <input id={controlId} {...input} className={cn(inputClasses, borderFor(!!aria["aria-invalid"]), inputClassName)} {...aria} />}
    </Field>
  );
}

export type SelectFieldProps = FieldChrome & Omit<ComponentProps<"select">, "id" | "className"> & { selectClassName?: string };

/** A labelled select, described by its hint and errors; its options are the children. */
export function SelectField({ id, label, optional, hint, errors, labelHidden, className, selectClassName, ...select }: SelectFieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  return (
    <Field id={controlId} label={label} optional={optional} hint={hint} errors={errors} labelHidden={labelHidden} className={className}>
      {(aria) => <select id={controlId} {...select} className={cn(selectClasses, borderFor(!!aria["aria-invalid"]), selectClassName)} {...aria} />}
    </Field>
  );
}

export type TextareaFieldProps = FieldChrome &
  Omit<ComponentProps<"textarea">, "id" | "className"> & {
    textareaClassName?: string;
    /** Show a live count of characters against maxLength. */
    counted?: boolean;
  };

/** A labelled textarea, described by its hint and errors, with an optional live character count. */
export function TextareaField({ id, label, optional, hint, errors, labelHidden, className, textareaClassName, counted = false, onChange, ...textarea }: TextareaFieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  // An uncontrolled textarea's length is tracked as it is typed; a controlled one's is its value's.
  const [typed, setTyped] = useState(String(textarea.defaultValue ?? "").length);
  const length = typeof textarea.value === "string" ? textarea.value.length : typed;
  const count = counted && textarea.maxLength ? { length, max: textarea.maxLength } : undefined;
  return (
    <Field id={controlId} label={label} optional={optional} hint={hint} errors={errors} count={count} labelHidden={labelHidden} className={className}>
      {(aria) => (
        <textarea
          id={controlId}
          {...textarea}
          onChange={(event) => {
            setTyped(event.currentTarget.value.length);
            onChange?.(event);
          }}
          className={cn(textareaClasses, "resize-y", borderFor(!!aria["aria-invalid"]), textareaClassName)}
          {...aria}
        />
      )}
    </Field>
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

/** A labelled one-line input for forms that read their values on submit: "(optional)" unless required. */
export function TextField({ required = false, defaultValue = "", type = "text", ...props }: TextFieldProps) {
  return <InputField optional={!required} required={required} defaultValue={defaultValue} type={type} {...props} />;
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
