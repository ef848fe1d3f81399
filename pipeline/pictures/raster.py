"""Raster pictures (PNG, JPEG, WebP): verified by their content, not their name, with Pillow.

A leaflet's own photo or map is published byte for byte, so before it is, Pillow must read it
as the format its name says, completely (a truncated file is refused), and no larger than a
page could need (a "decompression bomb" of a few KB that decodes to gigabytes is refused before
it is decoded).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

# The formats a browser and an EPUB reader both show, by file suffix, as Pillow names them.
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
# 40 megapixels: a poster-sized photo; decoding it takes about 160 MB
MAX_PIXELS = 40_000_000


class RasterError(ValueError):
    """The file is not a usable picture of the kind its name says."""


def verify_raster(data: bytes, suffix: str) -> None:
    """Raise RasterError unless ``data`` is a complete picture of the format ``suffix`` names."""
    expected = RASTER_FORMATS.get(suffix.lower())
    if expected is None:
        raise RasterError(f"'{suffix}' pictures are not published: use SVG, PNG, JPEG or WebP")
    if data.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        raise RasterError(f"the file is text (SVG or HTML?), not a {expected} picture: give it the right name")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise RasterError(f"the picture is {width} x {height} pixels, more than a page can use "
                                      f"(at most {MAX_PIXELS // 1_000_000} megapixels): make it smaller")
                image.verify()
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()  # verify() does not decode: a truncated file is found here
    except RasterError:
        raise
    except UnidentifiedImageError:
        raise RasterError(f"the file is not a {expected} picture (its content does not match its name): "
                          "save it again as a real picture file") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            MemoryError) as exc:
        raise RasterError(f"the {expected} picture is damaged or incomplete ({str(exc)[:80]}): save it "
                          "again") from None
