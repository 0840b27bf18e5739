/**
 * What a request target names. Bank routes are looked up on the origin-form path as sent (minus
 * query and fragment, percent-decoded); the mock's control routes also accept the absolute form.
 * A target whose percent-encoding does not decode is a 400 quoting it, whatever the method.
 */

export type RouterTarget = { ok: true; path: string } | { ok: false; quoted: string };

/** The path a bank route is looked up by: without query or fragment, percent-decoded. */
export function routePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The decoded path of a target in origin or absolute form, or the part quoted as malformed. */
export function routerTarget(url: string): RouterTarget {
  let path = url;
  if (!url.startsWith('/')) {
    const absolute = pathOfAbsoluteUrl(url);
    if (absolute === null) return { ok: false, quoted: url };
    path = absolute;
  }
  const end = path.slice(1).search(/[?#]/);
  const bare = end === -1 ? path : path.slice(0, end + 1);
  if (!bare.includes('%')) return { ok: true, path: bare };
  try {
    // %25 stays encoded: a decoded `%` would make another escape of what follows.
    return { ok: true, path: decodeURI(bare.replaceAll('%25', '%2525')) };
  } catch {
    return { ok: false, quoted: path };
  }
}

/**
 * The origin-form path of `http(s)://host/path?query`; other schemes (and `*`) are left as they
 * are; null for an absolute URL without a host or with a fragment.
 */
function pathOfAbsoluteUrl(url: string): string | null {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd === -1) return url;
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return url;
  const authorityStart = schemeEnd + 3;
  const pathStart = url.indexOf('/', authorityStart);
  const queryStart = url.indexOf('?', authorityStart);
  let authorityEnd = pathStart === -1 ? url.length : pathStart;
  if (queryStart !== -1 && queryStart < authorityEnd) authorityEnd = queryStart;
  if (url.includes('#', authorityStart) || authorityEnd === authorityStart) return null;
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || parsed.protocol !== `${scheme}:` || parsed.host === '') return null;
  if (authorityEnd === url.length) return '/';
  if (authorityEnd === queryStart) return `/${url.slice(queryStart)}`;
  return url.slice(pathStart);
}
