/**
 * The shape of one API v3 service. Adding a service = one file in ./services exporting a
 * ServiceDef, plus one line in ./services/index.ts.
 */
import type { CrackedKs } from './ks.js';
import type { ParamObject } from './params.js';
import type { SandboxState } from '../state.js';

export interface ActionCall {
  state: SandboxState;
  params: ParamObject;
  /** The request's KS string as sent (already validated), or undefined when none was sent. */
  ksString: string | undefined;
  ks: CrackedKs | null;
  /** Partner the call acts for: the KS's partner, else the `partnerId` parameter. */
  partnerId: number | undefined;
}

export interface ActionDef {
  /** Most actions refuse to run without a KS (SERVICE_FORBIDDEN); session.start does not. */
  needsKs: boolean;
  run(call: ActionCall): unknown;
}

export interface ServiceDef {
  /** Service id as the API spells it, lower case (e.g. `apptoken`, `cuepoint_cuepoint`). */
  id: string;
  /** Keyed by lower-case action name: Kaltura matches actions case-insensitively. */
  actions: Record<string, ActionDef>;
}
