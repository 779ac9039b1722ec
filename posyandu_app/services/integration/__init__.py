"""Upward integration (FHIR R4 for SATUSEHAT): export of verified visits, the outbound queue and its sender."""
