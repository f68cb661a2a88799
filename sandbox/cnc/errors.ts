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
  | 'UNAUTHORIZED'
  /** The service failed to carry out an action it accepted (fault injection, control/faults.ts: `announce-errors`). */
  | 'SERVICE_ERROR';

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

/**
 * A refusal whose text the test chooses: the fault layer's announcement errors (control/faults.ts) answer a
 * send with it exactly as the service answers any refusal (`{ ok: false, error, message }` in the ack), so
 * the widget shows it in its error line as it shows a real one. The text is hostile on purpose (issue 10).
 */
export function injectedError(message: string): CncError {
  return new CncError('SERVICE_ERROR', message);
}
