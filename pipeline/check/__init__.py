"""``leaflets check``: the readability and plain-English gate, for every leaflet, locale and variant.

The gate measures the text a reader sees (``text``), split into sentences the NHS way
(``splitter``), scores it with per-language formulas (``readability``), runs data-driven
plain-English rules (``rules``), easy-read rules (``easyread``) and translation checks
(``translation``), then reports (``report``) against an optional baseline (``baseline``).
``gate`` ties these together; ``pipeline.cli`` only parses options.
"""
