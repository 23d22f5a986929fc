"""Dialogs of the desktop app that are more than a file chooser."""
