/** Registry of API v3 services the sandbox implements. One line per service. */
import type { ServiceDef } from '../service.js';
import { sessionService } from './session.js';
import { appTokenService } from './app-token.js';
import { cuePointService } from './cue-point.js';
import { metadataService } from './metadata.js';
import { metadataProfileService } from './metadata-profile.js';
import { reportService } from './report.js';

export const SERVICES: readonly ServiceDef[] = [sessionService, appTokenService, cuePointService, metadataService, metadataProfileService, reportService];
