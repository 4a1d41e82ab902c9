"""A Pool squares the numbers 0 .. COUNT-1 while the parent shows its progress: one line per result,
as soon as it has it. The last task is the proof that the progress is live: it waits until the
parent has reported every other result (the parent sets an Event once it has).

Run it:  python pool-progress.py [COUNT]
It should print a line per result, then the total:
    done 1/COUNT
    ...
    done COUNT/COUNT
    sum of squares TOTAL
"""
import multiprocessing
import sys


def share(event, last_number):  # the pool's initializer: runs once in each worker
    global reported, last
    reported, last = event, last_number


def square(n):
    if n == last:
        reported.wait()  # until the parent has reported every other result
    return n * n


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    reported = multiprocessing.Event()
    total = 0
    with multiprocessing.Pool(4, initializer=share, initargs=(reported, count - 1)) as pool:
        for done, result in enumerate(pool.map(square, range(count)), 1):
            total += result
            print(f"done {done}/{count}", flush=True)
            if done == count - 1:
                reported.set()  # every other result is reported: the last task may finish
    print(f"sum of squares {total}")
