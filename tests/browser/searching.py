"""The search checks the browser tests share (kept in ``bench.search_sample``)."""
from bench.search_sample import (  # noqa: F401
    CLAUSE_LINKS, MORE, STATUS, UNFOLD, clauses_holding, completeness, every_result, plain, sample_queries,
    type_query,
)
