"""leaflets: patient information leaflets to translated, accessible HTML, EPUB and easy read."""

__version__ = "0.1.0"
