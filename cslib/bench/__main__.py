"""`python -m cslib.bench`."""

from cslib.bench import main

main()
