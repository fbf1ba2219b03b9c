"""Shared infrastructure below the domain apps: the site-wide search index and tabular exports.

It imports none of `actors`, `projects` or `case_studies`; they register themselves with it."""
