# Write two files, list them, remove one, then read the removed one.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/filesystem.html and os.html
# On the board: listdir() in creation order; opening a removed file is OSError ENOENT.
# > ['main.py', 'b.txt', 'a.txt']
# > 5
# > ['main.py', 'a.txt']
#! OSError: [Errno 2] ENOENT
import os

with open("b.txt", "w") as f:
    f.write("hello")
with open("a.txt", "w") as f:
    f.write("x")
print(os.listdir())
print(os.size("b.txt"))
os.remove("b.txt")
print(os.listdir())
open("b.txt").read()
