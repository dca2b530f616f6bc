from dockerlab.cli import main

main()
