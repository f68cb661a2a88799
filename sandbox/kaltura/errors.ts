/**
 * KalturaAPIException as the API returns it: HTTP 200 with
 * `{ objectType: "KalturaAPIException", code, message, args }` (KALTURA.md §3).
 * Codes, argument names and message templates are copied from kaltura/server
 * api_v3/lib/APIErrors.php and KalturaErrors.php ("CODE;ARG1,ARG2;message with @ARG1@").
 */
export class KalturaApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly args: Record<string, string>,
  ) {
    super(message);
  }

  toJSON(): { objectType: 'KalturaAPIException'; code: string; message: string; args: Record<string, string> } {
    return { objectType: 'KalturaAPIException', code: this.code, message: this.message, args: this.args };
  }
}

/** Build an error from an upstream template such as `INVALID_KS;KSID,ERR_CODE,ERR_DESC;Invalid KS [@KSID@]…`. */
function fromTemplate(template: string, values: (string | number)[]): KalturaApiError {
  const [code = 'INTERNAL_SERVERL_ERROR', argList = '', text = ''] = template.split(';');
  const names = argList ? argList.split(',') : [];
  const args: Record<string, string> = {};
  let message = text;
  names.forEach((name, i) => {
    const value = String(values[i] ?? '');
    args[name] = value;
    message = message.split(`@${name}@`).join(value);
  });
  return new KalturaApiError(code, message, args);
}

// kSessionBase error codes and ks::getErrorStr names (INVALID_STR = -1, EXPIRED = -5).
export const KS_INVALID_STR = { code: -1, desc: 'INVALID_STR' } as const;
export const KS_EXPIRED = { code: -5, desc: 'EXPIRED' } as const;

export const Errors = {
  // APIErrors::INVALID_KS; thrown by kCurrentContext with ($ksString, $res, ks::getErrorStr($res)).
  // So an expired KS is INVALID_KS with args.ERR_DESC = "EXPIRED" (there is no EXPIRED_KS code).
  invalidKs: (ks: string, why: { code: number; desc: string }) =>
    fromTemplate('INVALID_KS;KSID,ERR_CODE,ERR_DESC;Invalid KS [@KSID@]. Error [@ERR_CODE@,@ERR_DESC@]', [ks, why.code, why.desc]),
  // APIErrors::SERVICE_FORBIDDEN: an action that needs a KS was called without one.
  serviceForbidden: (service: string) =>
    fromTemplate('SERVICE_FORBIDDEN;SERVICE;The access to service [@SERVICE@] is forbidden', [service]),
  // KalturaErrors::SERVICE_DOES_NOT_EXISTS (sic).
  serviceDoesNotExist: (service: string) =>
    fromTemplate('SERVICE_DOES_NOT_EXISTS;SRV_NAME;Service "@SRV_NAME@" does not exists', [service]),
  serviceNotSpecified: () => fromTemplate('SERVICE_NOT_SPECIFIED;;Service name was not specified, please specify one', []),
  actionNotSpecified: () => fromTemplate('ACTION_NOT_SPECIFIED;;Action name was not specified, please specify one', []),
  actionDoesNotExist: (action: string, service: string) =>
    fromTemplate('ACTION_DOES_NOT_EXISTS;ACTION_NAME,SERVICE_NAME;Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"', [action, service]),
  missingParameter: (name: string) => fromTemplate('MISSING_MANDATORY_PARAMETER;PARAM_NAME;Missing parameter "@PARAM_NAME@"', [name]),
  // APIErrors::PARTNER_ACCESS_FORBIDDEN: a KS of one partner used for another.
  partnerAccessForbidden: (accessing: number | string, accessed: number | string) =>
    fromTemplate('PARTNER_ACCESS_FORBIDDEN;ACCESSING_PID,ACCESSED_PID;Partner [@ACCESSING_PID@] cannot access partner [@ACCESSED_PID@]', [accessing, accessed]),
  // APIErrors::START_SESSION_ERROR: wrong secret or unknown partner in session.start.
  startSessionError: (pid: number | string) =>
    fromTemplate('START_SESSION_ERROR;PID;Error while starting session for partner [@PID@]', [pid]),
  invalidPartnerId: (pid: number | string) => fromTemplate('INVALID_PARTNER_ID;PID;Invalid partner id "@PID@"', [pid]),
  // KalturaErrors, App Token section.
  appTokenNotFound: (id: string) => fromTemplate('APP_TOKEN_ID_NOT_FOUND;ID;Application token id "@ID@" not found', [id]),
  invalidAppTokenHash: () => fromTemplate('INVALID_APP_TOKEN_HASH;;Invalid application token hash', []),
  // KalturaErrors::PROPERTY_VALIDATION_CANNOT_BE_NULL; cuePoint.list without an entry/id filter
  // (KalturaCuePointFilter::validateEntryIdFiltered names "KalturaAnnotationFilter::idEqual/…").
  propertyCannotBeNull: (prop: string) =>
    fromTemplate('PROPERTY_VALIDATION_CANNOT_BE_NULL;PROP_NAME;The property "@PROP_NAME@" cannot be null', [prop]),
  invalidEnumValue: (value: string, enumName: string) =>
    fromTemplate('INVALID_ENUM_VALUE;PARAM_VALUE,ENUM,PROPERTY;Invalid enumeration value [@PARAM_VALUE@] for enumeration [@ENUM@]', [value, enumName, enumName]),
  objectTypeAbstract: (type: string) =>
    fromTemplate('OBJECT_TYPE_ABSTRACT;OBJECT_TYPE;The object type "@OBJECT_TYPE@" is abstract, use one of the object implementations', [type]),
  // KalturaErrors::INVALID_ENTRY_ID (ENTRY_TYPE is "entry" for cue points).
  invalidEntryId: (entryId: string) => fromTemplate('INVALID_ENTRY_ID;ENTRY_TYPE,ENTRY_ID;Unknown @ENTRY_TYPE@ [@ENTRY_ID@]', ['entry', entryId]),
  invalidUserId: () => fromTemplate('INVALID_USER_ID;;Invalid user id', []),
  // plugins/cue_points/base/lib/api/errors/KalturaCuePointErrors.php
  invalidCuePointId: (id: string) => fromTemplate('INVALID_CUE_POINT_ID;ID;Invalid cue point id [@ID@]', [id]),
  // plugins/metadata/lib/api/errors/MetadataErrors.php
  invalidMetadataProfile: (id: string) => fromTemplate('INVALID_METADATA_PROFILE;PROFILE_ID;invalid metadata profile [@PROFILE_ID@]', [id]),
  invalidMetadataObject: (id: string) => fromTemplate('INVALID_METADATA_OBJECT;OBJECT;invalid metadata object [@OBJECT@]', [id]),
  invalidMetadataData: (msg: string) => fromTemplate('INVALID_METADATA_DATA;ERR_MSG;invalid metadata data: @ERR_MSG@', [msg]),
  invalidMetadataVersion: (v: string) => fromTemplate('INVALID_METADATA_VERSION;VERSION;invalid metadata version [@VERSION@]', [v]),
  metadataNotFound: (id: string) => fromTemplate('METADATA_NOT_FOUND;ID;metadata not found, id [@ID@]', [id]),
  metadataAlreadyExists: (id: string) => fromTemplate('METADATA_ALREADY_EXISTS;ID;Metadata already exists id [@ID@]', [id]),
  /** Any upstream error with one argument, for codes used once. */
  custom: (code: string, argName: string, message: string, arg: string) => new KalturaApiError(code, message, { [argName]: arg }),
  internal: (detail: string) => fromTemplate('INTERNAL_SERVERL_ERROR;ERROR;Internal server error occurred "@ERROR@"', [detail]),
};
