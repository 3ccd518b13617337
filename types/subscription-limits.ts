/**
 * WeChat's limit on subscription requests, apart from types/notifications.ts (the server's templates of every
 * notification, ~27 KB) so that the 消息 page, in the mini-program's main package (issue 9: ≤ 600 KB), can take it
 * without the templates. types/notifications.ts re-exports it.
 */

/** WeChat refuses a requestSubscribeMessage call with more than this many template ids. */
export const MAX_TEMPLATES_PER_REQUEST = 3;
