"""Register-level models of the I2C chips that boards.toml names; the chip registry
(`atelier.chips`) says which model plays which chip in which role."""

from __future__ import annotations

import importlib

from atelier.chips import find


def model_class(chip: str, role: str) -> type | None:
    """The model class for `chip` (as boards.toml names it) in `role`, or None if we have none.
    Imported on first use, so a board only loads the models it carries."""
    entry = find(chip, role)
    if entry is None or entry.model is None:
        return None
    module, _, cls = entry.model.rpartition(".")
    return getattr(importlib.import_module(module), cls)
