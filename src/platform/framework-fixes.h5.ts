/** H5 build of framework-fixes.ts: H5 runs on Preact (config/index.ts), which needs preact-attributes.ts. */
import { installDashedAttributeSync } from './preact-attributes';

export function installFrameworkFixes(): void {
  installDashedAttributeSync();
}
