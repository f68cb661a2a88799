/** Refusals of CnC actions. The codes are MODELED (the CnC service's own error codes are not public). */
export type CncErrorCode =
  | 'INVALID_ACTION'
  | 'FORBIDDEN'
  | 'USER_BLOCKED'
  | 'NOT_FOUND'
  | 'MODULE_DISABLED'
  | 'CHAT_CLOSED'
  | 'ANONYMOUS_NOT_ALLOWED'
  | 'QNA_BACKEND_WEBCAST'
  | 'UNKNOWN_SESSION'
  | 'UNAUTHORIZED';

export class CncError extends Error {
  constructor(
    readonly code: CncErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): { ok: false; error: CncErrorCode; message: string } {
    return { ok: false, error: this.code, message: this.message };
  }
}
