"""The desktop app: widgets, Qt models over the core, the map canvas. No business rules here."""
