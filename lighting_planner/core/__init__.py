"""The domain, import/export, audit, optimiser and project store. Pure Python: no Qt."""
