import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Previous / "Page N of M" / Next for a numbered list; `hrefFor(n)` is page n's address. */
export function PageLinks({ page, pages, hrefFor, label }: { page: number; pages: number; hrefFor: (page: number) => string; label: string }) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 border-t border-border px-4 py-3">
      {page > 1 ? (
        <Button asChild variant="secondary" size="sm">
          <Link href={hrefFor(page - 1)} rel="prev">
            Previous<span className="sr-only"> page</span>
          </Link>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled>
          Previous<span className="sr-only"> page</span>
        </Button>
      )}
      <p className="text-sm text-muted tabular-nums">
        Page {page} of {pages}
      </p>
      {page < pages ? (
        <Button asChild variant="secondary" size="sm">
          <Link href={hrefFor(page + 1)} rel="next">
            Next<span className="sr-only"> page</span>
          </Link>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled>
          Next<span className="sr-only"> page</span>
        </Button>
      )}
    </nav>
  );
}

/** `?page=N` as a positive integer; anything else (missing, repeated, "abc", "0", "2.5") is page 1. */
export function parsePage(raw: string | string[] | undefined): number {
  if (typeof raw !== "string" || !/^[1-9]\d{0,5}$/.test(raw)) return 1;
  return Number(raw);
}
