"""Validation error shared by every domain rule module: per-field messages in Indonesian and English."""


class DomainValidationError(ValueError):
    """Raised when an input is impossible (not merely implausible); nothing is computed from it.

    `field_errors` maps an input field name to {"id": "...", "en": "..."}, e.g.
    DomainValidationError(field_errors={"weight_kg": {"id": "Wajib diisi", "en": "Required"}}).
    The API returns it as-is; the PWA shows `id` (Bahasa Indonesia is the default) next to the field.
    """

    def __init__(self, field_errors):
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(f"{field}: {msg.get('en', msg)}" for field, msg in self.field_errors.items()))
