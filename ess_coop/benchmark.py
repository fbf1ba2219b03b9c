"""Benchmark-only pieces, reachable only under `ess_coop.settings.benchmark` (never in the production URL
conf): the minimal view the pages are compared with, and a middleware that reports each response's SQL
query count in a header."""

from contextlib import ExitStack

from django.db import connections
from django.shortcuts import render

from actors.models import Actor

QUERY_COUNT_HEADER = "X-Query-Count"


def minimal_view(request):
    """The floor of a Django page: the first 20 actors by name, from one indexed query, in a tiny template."""
    actors = Actor.objects.published().order_by("sort_name", "pk").values("name", "slug", "city")[:20]
    return render(request, "benchmark/minimal.html", {"actors": actors})


class QueryCountMiddleware:
    """Counts the SQL queries run while answering (not those of a streamed body, run after)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(count[0])
        return response
