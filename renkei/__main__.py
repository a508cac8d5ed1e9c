from renkei.search.cli import cli

cli(prog_name="renkei")
