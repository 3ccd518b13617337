/**
 * The mini-program's contracts for client-side validation (issue 9: main package ≤ 600 KB).
 * A mini-program build keeps the target of an import() in the package that imports it, so the on-demand loaders
 * H5 uses (types/capability-loaders.ts) would put every contract and zod into the main package. Instead a
 * subpackage whose pages want their inputs checked on the device registers its capability's contract with a
 * static import, in a `contract.weapp.ts` (src/packages/requests/contract.weapp.ts, imported by
 * use-request-page.ts): the contract and zod then land in that subpackage. `api.preload(name)` takes it from here;
 * every other call goes out as is and the server validates it with the same schema and labels (ClientValidation
 * 'when-loaded' in src/lib/api-facade.ts), so a form gets the same VALIDATION_FAILED fields, one round trip later.
 * A `contract.weapp.ts` imports ./zod-setup before its contract, so zod is configured before a schema is built;
 * this module itself stays free of zod (it is in the main package).
 */
import type { AnyCapability } from '../../types/contract';
import type { FunctionName } from '../../types/envelope';
import type { CapabilityLoader } from '../lib/api-facade';

const registered = new Map<FunctionName, AnyCapability>();

/** Make a capability's contract available to api.preload / client-side validation (mini-program). */
export function registerContract(capability: AnyCapability): void {
  registered.set(capability.name as FunctionName, capability);
}

/** The loader for the mini-program's api: a registered contract, or a rejection (the call then goes unchecked). */
export const registeredContract: CapabilityLoader = async (name) => {
  const capability = registered.get(name);
  if (!capability) throw new Error(`contract ${name} is not registered on this platform`);
  return capability;
};
