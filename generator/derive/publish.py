"""What reaches the site: only documents and entries marked 主动公开."""

from __future__ import annotations

import copy

from generator.model import PUBLIC, Archive, Year


def published(archive: Archive) -> list[Year]:
    return [public_view(year) for year in archive.years]


def public_view(year: Year) -> Year:
    """A copy of `year` without anything that is not 主动公开 (references inside stay consistent)."""
    year = copy.deepcopy(year)
    year.documents = [d for d in year.documents if d.public]
    for document in year.documents:
        document.interpretations = [d for d in document.interpretations if d.public]
        if document.interprets and not document.interprets.public:
            document.interprets = None
    year.registers = [r for r in year.registers if r.document.public]
    for register in year.registers:
        register.items = [item for item in register.items if item.disclosure == PUBLIC]
    year.personnel = [p for p in year.personnel if p.document.public]
    for personnel in year.personnel:
        personnel.appointments = [c for c in personnel.appointments if c.disclosure == PUBLIC]
        personnel.removals = [c for c in personnel.removals if c.disclosure == PUBLIC]
    year.forms = [f for f in year.forms if f.document.public]
    public_items = set(year.items())
    for item in public_items:
        item.related = [other for other in item.related if other in public_items]
    year.events = [e for e in year.events if e.disclosure == PUBLIC]
    for event in year.events:
        event.items = [item for item in event.items if item in public_items]
    return year
