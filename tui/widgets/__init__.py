"""Widgets of the app, one a file: file tree, preview, sheet view, turn stream, inbox, header."""
