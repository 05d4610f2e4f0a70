from __future__ import annotations

from sepakat.cli import main

raise SystemExit(main())
