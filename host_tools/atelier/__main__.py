from atelier.cli import main

main()
