import sys

from xlahp.apps.cli import main

sys.exit(main())
