"""Strip run-specific widget state from executed notebooks, in place.

Widget views carry random model ids that change on every run; a rendered notebook on a
code host cannot show live widgets anyway, so only their text form is kept. Re-running
an unchanged notebook then leaves git clean.
"""

import sys

import nbformat

WIDGET = "application/vnd.jupyter.widget-view+json"

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    changed = nb.metadata.pop("widgets", None) is not None
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET in out.get("data", {}):
                del out["data"][WIDGET]
                changed = True
    if changed:
        nbformat.write(nb, path)
