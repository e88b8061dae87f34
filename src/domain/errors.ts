// Typed domain errors: each carries its HTTP status and Workato's error body; one handler maps them.
export type FieldErrors = Record<string, string[]>

export class ApiError extends Error {
  readonly statusCode: number
  readonly errors?: FieldErrors

  constructor (statusCode: number, message: string, errors?: FieldErrors) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.errors = errors
  }

  get body (): { message: string, errors?: FieldErrors } {
    return this.errors === undefined ? { message: this.message } : { message: this.message, errors: this.errors }
  }
}

export class BadRequest extends ApiError {
  constructor (message: string, errors?: FieldErrors) { super(400, message, errors) }
}

export class Unauthorized extends ApiError {
  constructor (message = 'Unauthorized') { super(401, message) }
}

export class Forbidden extends ApiError {
  constructor (message = 'Forbidden') { super(403, message) }
}

export class NotFound extends ApiError {
  constructor (message = 'Not found') { super(404, message) }
}

/** A well-formed request that names something that does not exist in the workspace. */
export class Unprocessable extends ApiError {
  constructor (message: string, errors?: FieldErrors) { super(422, message, errors) }
}

/** One field, one complaint: the common case for domain validation. */
export function fieldError (status: 400 | 422, field: string, problem: string): ApiError {
  const message = `${field} ${problem}`
  const errors = { [field]: [problem] }
  return status === 400 ? new BadRequest(message, errors) : new Unprocessable(message, errors)
}

/** The request is well formed but clashes with the current state (a taken id, a taken handle). */
export class Conflict extends ApiError {
  constructor (message: string, errors?: FieldErrors) { super(409, message, errors) }
}
