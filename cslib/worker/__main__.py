"""`python -m cslib.worker`: run a worker host in the foreground.

Python runs this file as `__main__`, a second module beside the imported package; the job
functions look hosts up in cslib.worker.host._HOSTS, so call the imported package's main."""

from cslib.worker import main

raise SystemExit(main())
