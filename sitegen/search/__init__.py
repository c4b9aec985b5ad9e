"""The site's own search: a build-time index of the notice (sitegen.search.index), the pages' text
(sitegen.search.pages, collected by the MkDocs plugin, sitegen.plugin), and the browser module that
ranks it (docs/assets/javascripts/search-core.mjs). ARCHITECTURE.md (Search) and 关于本站 › 如何搜索 describe
the ranking.
"""
