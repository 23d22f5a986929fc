"""Jobs the main window hands out: files and recovery, the printed plan (and, beside them, import
and export flows). Each controller is a ``QObject`` child of the window; the window composes them."""
