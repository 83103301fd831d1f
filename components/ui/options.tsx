// A select's options from a list: no hooks, so server components use it as well as client ones.
import type { ReactNode } from "react";

/** The <option>s of a select, one per item, keyed by its value. */
export function optionsOf<T>(items: readonly T[], value: (item: T) => string | number, label: (item: T) => ReactNode): ReactNode[] {
  return items.map((item) => (
    <option key={value(item)} value={value(item)}>
      {label(item)}
    </option>
  ));
}
