"""Stage 3, pages: the Markdown pages generated from the model (clauses, indexes, checklist, calculator pages),
the links inside clause text, and the navigation MkDocs is given.
"""
