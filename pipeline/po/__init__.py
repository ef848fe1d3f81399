"""Gettext translation of leaflets: units, PO files, msgmerge-style updates, and applying translations.

Modules: ``units`` (document model to translation units), ``templates`` (POT files and PO
headers, with babel's locale data), ``pofile`` (PO reading and msgcat-identical writing),
``linebreak`` (gettext's line breaking), ``merge`` (msgmerge's update rules), ``plural``
(comparing Plural-Forms), ``apply`` (PO to translated model), ``workflow`` (extract, update,
init, status and the build's translated editions). See docs/translators.md.
"""
