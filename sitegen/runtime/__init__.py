"""What the calculators need in the browser: the engine's parameters JSON, the self-hosted Pyodide runtime with
the calculators package and its memory snapshot, and the service worker that caches them.
"""
