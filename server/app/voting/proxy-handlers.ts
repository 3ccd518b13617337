/** Handlers of the proxy part of the voting contract (types/voting-proxy.ts). */
export const proxyHandlers = {};
