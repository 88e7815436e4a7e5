"""One module per ``eventgraph`` subcommand: ``configure(parser)`` and ``run(args) -> int``."""
