import type { Clock } from './clock';
import type { Crypto } from './crypto';
import type { FileStore } from './files';
import type { Notifier } from './notifier';
import type { Platform } from './platform';
import type { Storage } from './storage';

export * from './storage';
export type { Clock } from './clock';
export type { Crypto } from './crypto';
export type { FileStore } from './files';
export type { Notifier, SubscriptionMessage, SendResult, SendStatus } from './notifier';
export { templateIdsFromEnv, classifySendError } from './notifier';
export type { Platform, Caller } from './platform';

/** Everything a use case may touch outside the pure core. */
export interface Ports {
  storage: Storage;
  clock: Clock;
  crypto: Crypto;
  files: FileStore;
  notifier: Notifier;
  platform: Platform;
}
