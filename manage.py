#!/usr/bin/env python
from hamkori.__main__ import main

if __name__ == "__main__":
    main()
