import Link from "next/link";
import { Fragment, type ReactNode } from "react";

export interface Crumb {
  label: ReactNode;
  /** A link to the page; without one the crumb is plain text. */
  href?: string;
  /** For the crumb's list item (e.g. "min-w-0 truncate" for a long name). */
  className?: string;
  /** The full text, for a crumb that may be truncated (on the link, or on the item when it has none). */
  title?: string;
}

/** The trail above a page's heading; the last crumb is the current page. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-muted">
        {items.map((item, index) => {
          const current = index === items.length - 1;
          return (
            <Fragment key={index}>
              {index > 0 ? <li aria-hidden="true">/</li> : null}
              <li aria-current={current ? "page" : undefined} className={item.className} title={item.href ? undefined : item.title}>
                {item.href ? (
                  <Link href={item.href} className="rounded-sm text-link underline-offset-2 hover:underline" title={item.title}>
                    {item.label}
                  </Link>
                ) : (
                  item.label
                )}
              </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
