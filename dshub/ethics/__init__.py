"""Ethical data assistant: a branching team questionnaire about the ethics of a data project.

Inspired by the Utrecht Data School's DEDA (Data Ethics Decision Aid); all
questions are dshub's own. ``content`` holds the models for the content files
(kind ``ethics_assistant``; its ready cases come from the catalogue), ``logic`` the pure functions
(branching, progress, signals, routing advice, values, decision, record) and
``report`` the archivable HTML / Markdown / JSON report.
"""
