"""The `renkei` command: the only subpackage that imports click or prints.

group.py holds the command group and what the commands share; the commands are in
index_commands.py (records, remove, doctor), source_commands.py (index, update, sources, watch),
search_commands.py (search, show, similar, stats), serve_command.py (serve) and solr_commands.py
(export, push); argv.py holds the query words that look like options, batch.py `--batch`. It may
import every other part of renkei; nothing imports it."""
from renkei.search.cli import (index_commands, search_commands, serve_command, solr_commands,  # noqa: F401
                               source_commands)  # (they register the commands)
from renkei.search.cli.group import cli

__all__ = ["cli"]
