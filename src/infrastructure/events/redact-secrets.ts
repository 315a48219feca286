const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi;
const SECRET_ASSIGNMENT = /((?:^|[?&;,\s])(?:password|pass|pwd|secret|token|api[_-]?key)\s*[=:]\s*)[^&;,\s]+/gi;

/**
 * The text with every URL cut to its scheme and host (webhook URLs carry their secret in the
 * path, broker URLs in the user info) and `password=...`-like values masked: safe for a log line.
 */
export function redactSecrets(text: string): string {
  return text.replace(URL_IN_TEXT, redactOne).replace(SECRET_ASSIGNMENT, '$1***');
}

function redactOne(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/).*$/i, '$1***');
  }
  if (parsed.host === '') return `${parsed.protocol}//***`;
  const rest = parsed.pathname.length > 1 || parsed.search !== '' || parsed.hash !== '' ? '/***' : '';
  const user = parsed.username !== '' || parsed.password !== '' ? '***@' : '';
  return `${parsed.protocol}//${user}${parsed.host}${rest}`;
}
