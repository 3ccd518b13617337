/**
 * The deployment administrators: openids listed in GONGYI_ADMIN_OPENIDS (comma-separated), read from the
 * process environment on every call (CloudBase: the `admin` function's envVariables in cloudbaserc.json; locally:
 * the gateway's environment). Never from a request. An empty or missing variable means: no administrator.
 */
export function adminOpenids(env: Record<string, string | undefined> = process.env): ReadonlySet<string> {
  return new Set(
    (env.GONGYI_ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

export const isAdmin = (openid: string, env?: Record<string, string | undefined>) => adminOpenids(env).has(openid);
