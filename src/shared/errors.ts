// Errors whose message is for the user as it stands (it names the file, line or field):
// the API answers them as BAD_INPUT (HTTP 400) without wrapping.
export class BadInputError extends Error {
  override name = 'BadInputError';
}

/** An id the caller named does not exist: answered as NOT_FOUND (HTTP 404). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
