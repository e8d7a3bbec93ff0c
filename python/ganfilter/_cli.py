"""The `ganfilter` console script: runs the bundled binary with the same arguments."""
import os
import sys

from ._api import executable


def main():
    """Replaces this process with the binary, so that signals, exit statuses and streams are the tool's own."""
    binary = executable()
    os.execv(binary, [binary] + sys.argv[1:])
