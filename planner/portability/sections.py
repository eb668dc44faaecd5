"""Every domain's part of a data export and of an import, listed here and nowhere else.

A domain adds its data to the export with one line in EXPORTERS: a function
`export_section(user_id) -> (name, data)` that reads in a fixed number of queries whatever
the amount of data, and returns only what is the user's own. A domain whose data can be
recreated adds an Importer: read() checks its section and raises schema.Invalid, save() adds
the rows to the session (the import commits once for all) and says what it added.
"""

from collections.abc import Callable
from dataclasses import dataclass

from planner.accounts import export as accounts_export
from planner.comments import export as comments_export
from planner.content import Library
from planner.database import utcnow
from planner.dates import iso_time
from planner.earnings import export as earnings_export
from planner.earnings import imports as earnings_imports
from planner.pathfinder import export as pathfinder_export
from planner.roadmaps import export as roadmaps_export
from planner.roadmaps import imports as roadmaps_imports
from planner.sharing import export as sharing_export

FORMAT = "learning-path-planner"
# Raised when a section changes shape so that older files would be read wrongly; adding a
# section does not need it (an import ignores the sections it does not recreate).
FORMAT_VERSION = 1

EXPORTERS: tuple[Callable[[int], tuple[str, object]], ...] = (
    accounts_export.export_section,
    roadmaps_export.export_section,
    roadmaps_export.history_section,
    pathfinder_export.export_section,
    comments_export.export_section,
    earnings_export.export_section,
    sharing_export.export_section,
)


@dataclass(frozen=True)
class Importer:
    """How one section of a file is checked and recreated."""

    name: str
    read: Callable[[object, str, Library], object]
    save: Callable[[int, object], str | None]


# Comments are not imported: they belong to the public threads, not to the account.
IMPORTERS = (
    Importer("roadmaps", roadmaps_imports.read_section, roadmaps_imports.import_section),
    Importer("earnings", earnings_imports.read_section, earnings_imports.import_section),
)


def build_export(user_id: int) -> dict:
    """The whole export of one user: the format, its version, then each section."""
    document: dict = {"format": FORMAT, "version": FORMAT_VERSION,
                      "exported_at": iso_time(utcnow())}
    for export_section in EXPORTERS:
        name, data = export_section(user_id)
        if name in document:
            raise RuntimeError(f"two parts of the export are called {name!r}")
        document[name] = data
    return document
