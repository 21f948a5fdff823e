import sys

from xlahp.templates import main

sys.exit(main())
