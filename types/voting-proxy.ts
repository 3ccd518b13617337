/**
 * voting, proxy part: proxies: an owner mandates someone in writing (书面委托书), staff check the mandate, the proxy votes as instructed.
 * Spread into the voting capability by types/voting.ts; handlers in server/app/voting/proxy-handlers.ts.
 */

export const proxyLabels: Record<string, string> = {};

export const proxyActions = {};
