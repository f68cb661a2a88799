/**
 * appToken service: startSession (KALTURA.md §2; kaltura/server plugins AppTokenService):
 * the caller holds a widget KS and proves the token with tokenHash = sha256(widgetKs + token).
 */
import { createHash } from 'node:crypto';
import { Errors } from '../errors.js';
import { int, str } from '../params.js';
import type { ServiceDef, ActionCall } from '../service.js';
import { sessionInfo } from './session.js';

function startSession({ state, params, ksString, ks }: ActionCall): Record<string, unknown> {
  const id = str(params, 'id');
  const tokenHash = str(params, 'tokenHash');
  if (!id) throw Errors.missingParameter('id');
  if (!tokenHash) throw Errors.missingParameter('tokenHash');
  if (!ks || !ksString) throw Errors.serviceForbidden('apptoken->startSession');
  const partner = state.partners.get(ks.partnerId);
  const token = partner?.appTokens.find((t) => t.id === id);
  if (!partner || !token) throw Errors.appTokenNotFound(id);
  // Default hash type SHA256 over the KS string followed by the token.
  const expected = createHash('sha256').update(ksString + token.token).digest('hex');
  if (expected !== tokenHash.toLowerCase()) throw Errors.invalidAppTokenHash();
  // A token never grants more than its own session type (an app token made for USER sessions cannot
  // open an ADMIN one). MODELED: Kaltura's exact refusal is not published; we downgrade to the token's type.
  const type = Math.min(int(params, 'type') ?? token.sessionType, token.sessionType);
  const expiresIn = Math.min(int(params, 'expiry') || token.expiry, token.expiry);
  const userId = str(params, 'userId') ?? '';
  const newKs = state.issueKs({ partnerId: partner.id, type, userId, privileges: `apptoken:${id}`, expiresIn });
  return sessionInfo(newKs, state.crack(newKs)!);
}

export const appTokenService: ServiceDef = {
  id: 'apptoken',
  actions: { startsession: { needsKs: true, run: startSession } },
};
