import { messages } from '../../../types/messages';
import { implement } from '../action';
import { listMessages } from './listMessages';
import { markRead } from './markRead';
import { recordSubscription, subscriptionOptions } from './subscriptions';
import { unreadCount } from './unreadCount';

/** The messages cloud function: the 消息 inbox and WeChat subscription consents. Any signed-in account, own data only. */
export const messagesFunction = implement(messages, { listMessages, unreadCount, markRead, subscriptionOptions, recordSubscription });
