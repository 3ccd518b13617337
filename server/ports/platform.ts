/**
 * Who is calling. The identity always comes from the platform (CloudBase fills OPENID from the
 * WeChat session; the local gateway from its signed session cookie), never from the event payload.
 */
export interface Caller {
  openid: string;
  appid?: string;
}

export interface Platform {
  /** null when the platform knows no user (e.g. an unauthenticated local request) */
  caller(event: unknown, context: unknown): Promise<Caller | null>;
  /**
   * The mainland phone number behind a WeChat getPhoneNumber code (one use, 5 minutes), exchanged on the
   * server; null when the code is invalid or expired, or the platform has no WeChat (local mode types phones).
   */
  exchangePhoneCode(code: string): Promise<string | null>;
}
