"""Each child writes its square into a shared Array, waits at a Barrier until every square is written,
then adds its right-hand neighbour's square to its own. The parent waits at the Barrier too, to say
when all the squares are there, and prints the total of the sums.

Run it:  python sync-barrier-parties.py [WORKERS]
It should print two lines:  all squares written
                            total TOTAL   (TOTAL = twice the squares of 0 .. WORKERS-1 added up)
"""
import multiprocessing
import sys


def square_then_add(n, squares, sums, barrier):
    squares[n] = n * n
    barrier.wait()  # from here on every child's square is written
    sums[n] = squares[n] + squares[(n + 1) % len(squares)]


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    squares = multiprocessing.Array("q", workers)
    sums = multiprocessing.Array("q", workers)
    barrier = multiprocessing.Barrier(workers)  # one place for each child
    children = [multiprocessing.Process(target=square_then_add, args=(n, squares, sums, barrier))
                for n in range(workers)]
    for child in children:
        child.start()
    barrier.wait()  # the parent waits with the children
    print("all squares written", flush=True)
    for child in children:
        child.join()
    print(f"total {sum(sums)}")
