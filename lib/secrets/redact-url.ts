// URLs as people may see them (logs, the pipeline summary): no userinfo and no query or fragment values,
// where tokens live. Works on templates too ("${PREFLIGHT_URL}/hook?token=abc"), so it is string-based.
// A value that is only a template reference (${VERSION}, ${secret:NAME}) is kept: it reveals nothing.
const onlyReferences = /^(\$\{(secret:)?[A-Za-z0-9_]+\})+$/;

function redactParams(text: string): string {
  return text
    .split("&")
    .map((pair) => {
      const at = pair.indexOf("=");
      if (at < 0) return onlyReferences.test(pair) || pair === "" ? pair : "***";
      const value = pair.slice(at + 1);
      return value === "" || onlyReferences.test(value) ? pair : `${pair.slice(0, at)}=***`;
    })
    .join("&");
}

export function redactUrl(url: string): string {
  let rest = url;
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = `#${redactParams(rest.slice(hash + 1))}`;
    rest = rest.slice(0, hash);
  }
  let query = "";
  const question = rest.indexOf("?");
  if (question >= 0) {
    query = `?${redactParams(rest.slice(question + 1))}`;
    rest = rest.slice(0, question);
  }
  // user:password@ in the authority (the part before the first / after the scheme).
  rest = rest.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/]*)@/i, (_whole, scheme: string, userinfo: string) => (onlyReferences.test(userinfo) ? `${scheme}${userinfo}@` : `${scheme}***@`));
  return `${rest}${query}${fragment}`;
}
