"""Smoke tests in the engines other than Chromium: Firefox ESR and WebKitGTK (drivers.py)."""
