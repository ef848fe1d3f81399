"""``leaflets serve``: the output folder on this machine, rebuilt and re-checked on every save.

The author's and publisher's window: every open page reloads within two seconds of a save
(server-sent events), a toggle on the page marks the gate's findings in place, and a bad edit
shows its ``path:line`` problems over the last good build. See ``pipeline/serve/server.py``.
"""

from __future__ import annotations

from pipeline.serve.server import PortInUse, PreviewServer, RebuildOutcome, ServeError

__all__ = ["PortInUse", "PreviewServer", "RebuildOutcome", "ServeError"]
