"""Each child squares its number and puts the square on a Queue; the parent adds the squares up.

Run it:  python queue-spawn-global.py [COUNT]
It should print one line:  sum of squares TOTAL   (0*0 + 1*1 + ... for COUNT children)
"""
import multiprocessing
import sys


def square(queue, n):
    queue.put(n * n)  # the queue arrives as an argument: under spawn nothing else of the parent's does


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    queue = multiprocessing.Queue()
    children = [multiprocessing.Process(target=square, args=(queue, n)) for n in range(count)]
    for child in children:
        child.start()
    squares = [queue.get() for _ in children]
    for child in children:
        child.join()
    print(f"sum of squares {sum(squares)}")
