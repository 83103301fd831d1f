// Renders the small inline subset of Markdown that checklist text uses: `code` spans and [text](url) links.
// Everything is produced as React elements from tokens, so the text can never inject HTML; a link is only
// rendered as a link when its URL is http(s), otherwise its text is shown. Anything else (emphasis, raw
// HTML, autolinks) is shown as the literal text that was written.
import { Fragment } from "react";
import { safeHttpUrl, tokenizeInlineMarkdown, type InlineToken } from "@/lib/markdown/inline";
import { cn } from "@/lib/utils";

function renderTokens(tokens: InlineToken[]) {
  return tokens.map((token, index) => {
    if (token.type === "text") return <Fragment key={index}>{token.text}</Fragment>;
    if (token.type === "code") {
      return (
        <code
          key={index}
          className="rounded border border-border bg-surface-muted px-1 py-px font-mono text-[0.85em] break-words [overflow-wrap:anywhere]"
        >
          {token.code}
        </code>
      );
    }
    const href = safeHttpUrl(token.href);
    if (href === null) return <Fragment key={index}>{renderTokens(token.children)}</Fragment>;
    return (
      <a
        key={index}
        href={href}
        rel="noopener noreferrer"
        className="text-link underline underline-offset-2 [overflow-wrap:anywhere] hover:no-underline"
      >
        {renderTokens(token.children)}
      </a>
    );
  });
}

export type InlineMarkdownProps = {
  /** Inline Markdown as written in the template, e.g. "Tests passing: `pytest`". */
  text: string;
  className?: string;
};

/** Inline Markdown rendered safely as React elements (never as HTML). */
export function InlineMarkdown({ text, className }: InlineMarkdownProps) {
  return <span className={cn(className)}>{renderTokens(tokenizeInlineMarkdown(text))}</span>;
}
