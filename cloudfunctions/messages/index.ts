import { runtimePorts } from '../../server/adapters/runtime';
import { createCloudFunction } from '../../server/app/handler';
import { messagesFunction } from '../../server/app/messages';

/** messages: the 消息 inbox, its unread badge, and WeChat subscription consents. */
export const main = createCloudFunction(messagesFunction, runtimePorts);
