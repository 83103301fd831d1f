import { cn } from "@/lib/utils";

/** The Preflight mark: a check in a rounded square (a checklist item, cleared for take-off). Decorative. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={cn("size-6", className)}>
      <rect width="24" height="24" rx="6" className="fill-primary" />
      <path
        d="M7 12.5l3.2 3.2L17 8.5"
        fill="none"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="stroke-on-primary"
      />
    </svg>
  );
}
