/**
 * The 管理员 page's estate form checked with the contract schema first, so a bad form never leaves the device.
 * Apart from src/lib/admin.ts because this one builds zod schemas: only the admin subpackage imports it, so on the
 * mini-program the schema and zod stay out of the main package (issue 9: ≤ 600 KB; a mini-program build keeps an
 * import() target in the package that imports it), and on H5 out of the first screen (admin.ts is on it through
 * the 管理员 entry).
 */
import { CreateEstateSchema } from '../../types/admin';
import type { EstateForm } from './admin';

/** The form fields the schema rejects (empty when the form may be sent). */
export async function estateFormProblems(form: EstateForm): Promise<string[]> {
  const parsed = CreateEstateSchema.safeParse(form);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
}
