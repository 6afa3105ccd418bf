from newsgraph.cli import run

run()
