"""Reusable widgets shared by every lesson panel."""
