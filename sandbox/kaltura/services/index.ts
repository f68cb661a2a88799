/** Registry of API v3 services the sandbox implements. One line per service. */
import type { ServiceDef } from '../service.js';
import { sessionService } from './session.js';
import { appTokenService } from './app-token.js';

export const SERVICES: readonly ServiceDef[] = [sessionService, appTokenService];
