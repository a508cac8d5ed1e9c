from renkei.search.cli import main

main()
