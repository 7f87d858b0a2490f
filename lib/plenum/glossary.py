"""Deprecated alias of :mod:`plenum.lexicon` (kept while callers move)."""

from .lexicon import *  # noqa: F401,F403
from .lexicon import _glossary, _stopwords, read_data_csv  # noqa: F401
