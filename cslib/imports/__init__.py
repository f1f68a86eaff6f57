"""Imports: a team's companies, contacts, deals and tasks brought in from CSV or XLSX (the
original CRM's exports, Salesforce reports and Data Loader files, our own exports).

A file is read (encoding and delimiter detected), its columns are mapped to properties
(guessed from the header, changed by the user), every row is checked and previewed in the
locale the user picks, and the worker writes it in chunks through the one write path:
records are matched by Record ID, source ID, domain or e-mail, updated or created, and
associated. An import can be undone as a whole.

Modules, lowest first (each imports only those above it):
- files: open a CSV or XLSX file, detect its encoding and delimiter, refuse what is not one;
- parsing: numbers, dates, times and yes/no in the user's locale; a column's likely type;
- mapping: which property (or association) each column fills, guessed from its header.
"""
