"""The `renkei` command: the only subpackage that imports click or prints.

group.py holds the command group and what the commands share; index_commands.py,
source_commands.py (index, update, sources, watch) and search_commands.py hold the commands (serve_command.py `serve`), argv.py the query words that look like options, batch.py
`--batch`. It may import every other part of renkei; nothing imports it."""
from renkei.search.cli import index_commands, search_commands, serve_command, source_commands  # noqa: F401 (they register the commands)
from renkei.search.cli.group import cli

__all__ = ["cli"]
