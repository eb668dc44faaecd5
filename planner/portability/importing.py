"""Importing a data export into the signed-in account: everything checked, then all of it
saved in one transaction, once per idempotency key."""

from dataclasses import dataclass

from planner import idempotency, schema
from planner.content import Library
from planner.portability.reading import read_document
from planner.portability.sections import FORMAT, FORMAT_VERSION, IMPORTERS, Importer

IMPORT_DATA = "import-data"  # the idempotency action of the import form
NOTHING = "The file held no roadmaps or earnings to import."


@dataclass(frozen=True)
class Checked:
    """A file that passed every check: each importable section, ready to save."""

    sections: tuple[tuple[Importer, object], ...]


def check_upload(raw: bytes, library: Library) -> Checked:
    """Read and check the whole file; schema.Invalid names the first problem and where."""
    document = schema.once_each(read_document(raw), "")
    if document.get("format") != FORMAT:
        raise schema.Invalid("format", f"must be “{FORMAT}”: this file is not a data export "
                                       "of the Learning-Path Planner")
    version = document.get("version")
    if type(version) is int and version > FORMAT_VERSION:
        raise schema.Invalid("version", f"is {version}: the file was made by a newer version "
                                        f"of the app, and this one reads up to version "
                                        f"{FORMAT_VERSION}")
    schema.whole(version, "version", 1, FORMAT_VERSION)
    return Checked(tuple(
        (importer, importer.read(document[importer.name], importer.name, library))
        for importer in IMPORTERS if importer.name in document
    ))


def import_checked(owner, checked: Checked, key: str | None) -> list[str]:
    """Recreate the checked sections in owner's account, committed once; say what was added.

    A twin submission with the same key that committed first raises AlreadyDone.
    """
    said = []
    for importer, data in checked.sections:
        phrase = importer.save(owner.id, data)
        if phrase:
            said.append(phrase)
    # An import makes many rows and no single one is "the" result: the key marks it done.
    idempotency.commit_once(key, owner.id, IMPORT_DATA, 0)
    return said


def already_imported(owner, key: str | None) -> bool:
    """True when a file was already imported with this form's key."""
    return idempotency.first_result(key, owner.id, IMPORT_DATA) is not None
