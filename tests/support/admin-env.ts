/**
 * Name the deployment administrators (GONGYI_ADMIN_OPENIDS, read per request) for every test of a file, and put
 * the variable back as it was after each test (a test may change or delete it meanwhile).
 */
export function useAdminOpenids(value: string): void {
  const saved = process.env.GONGYI_ADMIN_OPENIDS;
  beforeEach(() => {
    process.env.GONGYI_ADMIN_OPENIDS = value;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.GONGYI_ADMIN_OPENIDS;
    else process.env.GONGYI_ADMIN_OPENIDS = saved;
  });
}
