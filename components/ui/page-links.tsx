import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Previous / "Page N of M" / Next for a numbered list; `hrefFor(n)` is page n's address. */
export function PageLinks({ page, pages, hrefFor, label }: { page: number; pages: number; hrefFor: (page: number) => string; label: string }) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 border-t border-border px-4 py-3">
      <PageLink href={page > 1 ? hrefFor(page - 1) : null} rel="prev" label="Previous" />
      <p className="text-sm text-muted tabular-nums">
        Page {page} of {pages}
      </p>
      <PageLink href={page < pages ? hrefFor(page + 1) : null} rel="next" label="Next" />
    </nav>
  );
}

/** `?page=N` as a positive integer; anything else (missing, repeated, "abc", "0", "2.5") is page 1. */
export function parsePage(raw: string | string[] | undefined): number {
  if (typeof raw !== "string" || !/^[1-9]\d{0,5}$/.test(raw)) return 1;
  return Number(raw);
}

/** A link to the previous or next page, or the same words disabled on the first or last page. */
function PageLink({ href, rel, label }: { href: string | null; rel: "prev" | "next"; label: string }) {
  const text = (
    <>
      {label}
      <span className="sr-only"> page</span>
    </>
  );
  if (!href) {
    return (
      <Button variant="secondary" size="sm" disabled>
        {text}
      </Button>
    );
  }
  return (
    <Button asChild variant="secondary" size="sm">
      <Link href={href} rel={rel}>
        {text}
      </Link>
    </Button>
  );
}
