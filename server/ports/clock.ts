/** Server time. Deadlines are judged by this clock only; tests inject a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}
