"""atelier: lessons, firmware and host tools for school kits of connected objects."""

__version__ = "0.1.0"
