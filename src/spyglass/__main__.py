"""python -m spyglass"""

from spyglass.cli.app import main

main()
