// The headers of field mode, apart from the schemas so the web client can name them without loading zod.
/** The device a write or a snapshot comes from. */
export const FIELD_DEVICE_HEADER = 'x-field-device';
/** The time a write was made on the device (recorded beside the server's own time, never used for a rule). */
export const DEVICE_TIME_HEADER = 'x-device-time';
/** The device's own token, for the two calls a device makes without a session (contact, erased). */
export const FIELD_TOKEN_HEADER = 'x-field-token';
