// A table's column headings, one <th scope="col"> each: tables differ in their padding and type, given once
// here instead of on every cell.
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** A heading, or one with its own classes (a width, the edge padding), or one only screen readers hear. */
export type Column = ReactNode | { label: ReactNode; className?: string; srOnly?: boolean };

const isDetailed = (column: Column): column is { label: ReactNode; className?: string; srOnly?: boolean } =>
  typeof column === "object" && column !== null && "label" in column;

export interface TableHeadProps {
  /** `false` or `null` leaves a column out (one shown only sometimes). */
  columns: (Column | false | null)[];
  className?: string;
  rowClassName?: string;
  /** Every heading's classes, before its own. */
  cellClassName?: string;
}

export function TableHead({ columns, className, rowClassName, cellClassName }: TableHeadProps) {
  return (
    <thead className={className}>
      <tr className={rowClassName}>
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
