// Validation error shared by every rule module: per-field messages in Indonesian and English (twin of domain/errors.py).
export class DomainValidationError extends Error {
  // fieldErrors: { field: { id: '...', en: '...' } }. Exposed as `field_errors` (the Python name, so vectors compare
  // directly) and as `fieldErrors` (the camelCase name the pregnancy/adult/elderly twins use): one object, two names.
  constructor(fieldErrors) {
    super(Object.entries(fieldErrors).map(([field, msg]) => `${field}: ${msg.en}`).join('; '));
    this.name = 'DomainValidationError';
    this.field_errors = { ...fieldErrors };
    this.fieldErrors = this.field_errors;
  }
}
