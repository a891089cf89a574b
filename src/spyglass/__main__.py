"""python -m spyglass"""

from spyglass.cli import main

main()
