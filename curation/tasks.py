"""Background tasks of curation: probable duplicates of a large directory."""

from core.background import background_task


@background_task()
def refresh_duplicates(nature):
    """Compute the probable duplicates of one directory and store them for the duplicates page."""
    from .duplicates import store_suggestions

    store_suggestions(nature)
