// Tables: a scrolling table with its caption for screen readers, and its column headings, one <th scope="col">
// each (tables differ in their padding and type, given once here instead of on every cell).
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** A heading, or one with its own classes (a width, the edge padding), or one only screen readers hear. */
export type Column = ReactNode | { label: ReactNode; className?: string; srOnly?: boolean };

const isDetailed = (column: Column): column is { label: ReactNode; className?: string; srOnly?: boolean } =>
  typeof column === "object" && column !== null && "label" in column;

export interface TableHeadProps {
  /** `false` or `null` leaves a column out (one shown only sometimes). */
  columns: (Column | false | null)[];
  /** "list": the pages' tables of releases, runs and users (small capitals over a rule). */
  look?: "list";
  className?: string;
  rowClassName?: string;
  /** Every heading's classes, before its own. */
  cellClassName?: string;
}

export function TableHead({ columns, look, className, rowClassName, cellClassName }: TableHeadProps) {
  const list = look === "list";
  return (
    <thead className={cn(list && "text-xs text-muted uppercase", className)}>
      <tr className={cn(list && "border-b border-border", rowClassName)}>
        {columns.map((column, index) => {
          if (column === false || column === null) return null;
          const detailed = isDetailed(column) ? column : { label: column };
          return (
            <th key={index} scope="col" className={cn(cellClassName, "font-medium", detailed.className)}>
              {detailed.srOnly ? <span className="sr-only">{detailed.label}</span> : detailed.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/**
 * A table that scrolls sideways on narrow screens, captioned for screen readers. `relative`: the visually hidden
 * caption and cell texts are absolutely positioned; without it they are placed relative to the page, outside the
 * scroll box, and widen the page on narrow screens.
 */
export function ScrollTable({ caption, className, tableClassName, children }: { caption: ReactNode; className?: string; tableClassName?: string; children: ReactNode }) {
  return (
    <div className={cn("relative overflow-x-auto", className)}>
      <table className={cn("w-full text-left text-sm", tableClassName)}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
