/**
 * Mini-program engines forbid `new Function`: keep zod on its interpreter instead of probing for a JIT. Imported
 * (src/api/client.ts) before a contract module builds its schemas, since zod reads the setting when a schema is built.
 */
import { config } from 'zod/mini';

config({ jitless: true });
