from hplint.cli import main

main()
