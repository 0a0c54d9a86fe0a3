import sys

from dshub.cli import main

sys.exit(main())
