import sys

from eventgraph.cli import main

sys.exit(main())
