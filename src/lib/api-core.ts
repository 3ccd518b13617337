/**
 * The API client's core as H5 and the tests use it: everything of src/lib/api-facade.ts, plus the default
 * CapabilityLoader that imports a capability's contract (zod schemas, field labels) when it is first needed
 * (types/capability-loaders.ts). On H5 each import() is a chunk of its own fetched on demand.
 * The mini-program never imports this module: there webpack keeps every import() target in the package that
 * imports it, so these loaders would put every contract and zod into the main package (issue 9: main package
 * ≤ 600 KB). src/api/client.weapp.ts builds its api from api-facade.ts with the contracts pages register
 * (src/api/contract-registry.ts); tests/unit/weapp-main-package-imports.test.ts guards that.
 */
import { CAPABILITY_LOADERS } from '../../types/capability-loaders';
import { createFacadeApi, type CapabilityLoader, type ClientValidation, type Transport, type Uploader } from './api-facade';

export * from './api-facade';

export const loadCapability: CapabilityLoader = (name) => CAPABILITY_LOADERS[name]();

/** createFacadeApi with the on-demand loader by default; see ClientValidation for when a call validates. */
export function createApi(transport: Transport, uploader?: Uploader, load: CapabilityLoader = loadCapability, validation: ClientValidation = 'always') {
  return createFacadeApi(transport, uploader, load, validation);
}
