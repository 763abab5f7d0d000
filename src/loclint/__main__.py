from loclint.entry import main

main()
