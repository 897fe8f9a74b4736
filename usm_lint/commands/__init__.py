"""One module per `usm-lint` subcommand; cli.py imports only the one it runs."""
