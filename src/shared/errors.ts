// Errors whose message is for the user as it stands (it names the file, line or field):
// the API answers them as BAD_INPUT (HTTP 400) without wrapping.
export class BadInputError extends Error {
  override name = 'BadInputError';
}
