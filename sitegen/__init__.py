"""Build-time code: load and validate policy/, generate pages, exports and assets for build.py.

Nothing here runs in the browser; the browser-side Python lives in calculators/.
"""
