/**
 * Mini-program: this subpackage's pages validate their deliberation inputs on the device before sending, as before
 * issue 9. The static import puts the contract (and zod) into this subpackage, not the main package
 * (src/api/contract-registry.ts); zod is configured first (./zod-setup). H5 loads the contract on demand instead
 * (./contract.ts is empty).
 */
import '../../api/zod-setup';
import { deliberation } from '../../../types/deliberation';
import { api } from '../../api/client';
import { registerContract } from '../../api/contract-registry';

registerContract(deliberation);
// every call of these pages validates first, not only after a form's own api.preload
void api.preload('deliberation');
