"""High-risk reasons, one module per visit kind, named by the kind's `risks` (services/high_risk.py lists them)."""
