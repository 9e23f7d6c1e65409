"""``python -m councilkit`` runs the ``councilkit`` command."""

from councilkit.cli import main

main()
