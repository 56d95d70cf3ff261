"""Readers and field extractors."""

from vanban.extract import regex_cache as _regex_cache

# Before any extractor module compiles its patterns: the programs kept by earlier processes go into
# `re`'s cache first (see regex_cache; about a quarter of a short `vanban extract` otherwise).
_regex_cache.preload()
