"""GET /api/v1/noc/search and /api/v1/noc/{code}: the NOC 2021 finder and unit group pages."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from functools import partial

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from impnav.noc.lookup import NocLookupError, show
from impnav.noc.search import QueryError, search
from impnav.noc.text import MAX_QUERY_CHARS

router = APIRouter(tags=["noc"])


class NocMatch(BaseModel):
    code: str
    title: str
    teer: int
    score: float
    evidence: list[str]


class NocSearchResult(BaseModel):
    query: str
    confidence: str
    note: str
    resolved_from_noc2016: str | None
    matches: list[NocMatch]


class NocUnitGroup(BaseModel):
    code: str
    title: str
    teer: int
    teer_meaning: str
    definition: str
    main_duties: list[str]
    employment_requirements: list[str]
    example_titles: list[str]
    example_titles_fr: list[str]
    illustrative_examples: list[str]
    inclusions: list[str]
    exclusions: list[str]
    additional_information: list[str]
    noc2016: list[dict[str, str]]
    resolved_from_noc2016: str | None = None


def _unprocessable(field: str, message: str) -> HTTPException:
    return HTTPException(
        status_code=422,
        detail=[{"field": field, "loc": field.split("."), "message": message,
                 "type": "value_error"}],
    )  # fmt: skip


# A search is CPU-bound (a MiniLM forward pass in NumPy); run concurrently in the thread pool,
# many searches thrash the cores and every one waits. One searcher per process, first come
# first served, keeps each search at its own cost and the waiting time fair.
_SEARCHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="noc-search")


@router.get("/noc/search", response_model=NocSearchResult)
async def noc_search(
    q: str = Query(..., max_length=MAX_QUERY_CHARS, description="Duties, a job title or a code"),
    limit: int = Query(10, ge=1, le=50),
) -> dict:
    try:
        result = await asyncio.get_running_loop().run_in_executor(
            _SEARCHER, partial(search, q, limit=limit)
        )
    except QueryError as exc:
        raise _unprocessable("query.q", str(exc).removeprefix("q: ")) from None
    return asdict(result)


@router.get("/noc/{code}", response_model=list[NocUnitGroup], responses={404: {}})
def noc_show(code: str) -> list[dict]:
    """A unit group; a NOC 2016 code returns the NOC 2021 group(s) it became."""
    try:
        return [asdict(d) for d in show(code)]
    except NocLookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
