"""Settings › Import: the wizard that brings a file of companies, contacts, deals or tasks
in (upload, map the columns, check the preview, start), the running import's progress and
summary, and the list of past imports with Undo. The engine is `cslib.imports`.

Modules, lowest first: labels (statuses, locales, counts in words), columns (the mapping
table), check (the preview and the Start button), live (progress, summary, past imports),
wizard (the section as a whole, `render(actor)`).
"""

from cslib.ui.imports.wizard import render

__all__ = ["render"]
