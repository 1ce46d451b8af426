#!/usr/bin/env python
from clef.cli import main

if __name__ == "__main__":
    main()
