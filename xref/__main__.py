from xref.cli import main

main()
